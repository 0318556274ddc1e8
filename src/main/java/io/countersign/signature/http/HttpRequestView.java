package io.countersign.signature.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable view of a received HTTP request, as far as request signatures cover it.
 *
 * @param method the request method exactly as sent, for example {@code POST}
 * @param targetUri the absolute target URI as the client used it, for example {@code
 *     https://intake.example/documents?x=1}, before any proxy rewrote it
 * @param fields the header field lines by field name, each name mapped to its lines in the order
 *     received. Names are compared case-insensitively and stored in lower case.
 * @param body the exact body bytes as received, empty for no body
 */
public record HttpRequestView(
    String method, String targetUri, Map<String, List<String>> fields, byte[] body) {

  public HttpRequestView {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(targetUri, "targetUri");
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(body, "body");
    if (method.isEmpty()) {
      throw new IllegalArgumentException("The request method is empty");
    }
    requireAbsoluteHttpUri(targetUri);
    fields = lowerCaseNames(fields);
    body = body.clone();
  }

  /** Returns a copy of the body bytes. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** Returns the lines of a header field in the order received, or an empty list if absent. */
  public List<String> fieldLines(String name) {
    return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * Returns the field's value with all its lines combined, or empty if the field is absent.
   *
   * <p>Each line loses its leading and trailing whitespace and any obsolete line folding, then the
   * lines are joined with a comma and a space, as RFC 9110 section 5.3 combines them and RFC 9421
   * section 2.1 canonicalizes them for a signature base.
   */
  public Optional<String> combinedField(String name) {
    List<String> lines = fieldLines(name);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    List<String> canonical = new ArrayList<>(lines.size());
    for (String line : lines) {
      canonical.add(line.replaceAll("\\r?\\n[ \\t]+", " ").strip());
    }
    return Optional.of(String.join(", ", canonical));
  }

  /** Returns the parsed target URI. */
  URI uri() {
    return URI.create(targetUri);
  }

  /**
   * Returns the request target in origin form: the absolute path, never empty, and {@code ?query}
   * when the URI has a query. Both stay percent-encoded as sent.
   */
  String pathAndQuery() {
    URI uri = uri();
    String query = uri.getRawQuery();
    return path(uri) + (query == null ? "" : "?" + query);
  }

  static String path(URI uri) {
    String path = uri.getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HttpRequestView view
        && method.equals(view.method)
        && targetUri.equals(view.targetUri)
        && fields.equals(view.fields)
        && Arrays.equals(body, view.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, targetUri, fields, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return method + " " + targetUri + " (" + fields.size() + " fields, " + body.length + " bytes)";
  }

  private static void requireAbsoluteHttpUri(String targetUri) {
    try {
      URI uri = new URI(targetUri);
      String scheme = uri.getScheme();
      boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
      if (!http || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "The target URI '" + targetUri + "' is not an absolute http or https URI with a host");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The target URI '" + targetUri + "' is invalid", e);
    }
  }

  private static Map<String, List<String>> lowerCaseNames(Map<String, List<String>> fields) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    fields.forEach(
        (name, lines) ->
            copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>())
                .addAll(lines));
    copy.replaceAll((name, lines) -> List.copyOf(lines));
    return Map.copyOf(copy);
  }
}
