package io.countersign.signature.http;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.http.StructuredFields.Item;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Creates the signature base of a request signature, RFC 9421 section 2.5.
 *
 * <p>Supports the derived components {@code @method}, {@code @target-uri}, {@code @authority},
 * {@code @scheme}, {@code @request-target}, {@code @path} and {@code @query} (section 2.2) and
 * header fields without component parameters (section 2.1).
 *
 * <p>NOTE: {@code @query-param} and the field parameters {@code sf}, {@code key}, {@code bs},
 * {@code req} and {@code tr} are not supported. A signature that covers one is rejected as invalid.
 */
final class SignatureBase {

  private SignatureBase() {}

  /** Returns the signature base, encoded in UTF-8. */
  static byte[] create(SignatureInput input, HttpRequestView request) throws RequestRejection {
    StringBuilder base = new StringBuilder();
    for (Item component : input.parameters().items()) {
      // Section 2.5: the serialized identifier, a colon and a space, the value and a newline.
      base.append(StructuredFields.serialize(component))
          .append(": ")
          .append(componentValue(input.label(), component, request))
          .append('\n');
    }

    // Section 2.5: @signature-params comes last and has no trailing newline.
    base.append("\"@signature-params\": ").append(StructuredFields.serialize(input.parameters()));
    return base.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String componentValue(String label, Item component, HttpRequestView request)
      throws RequestRejection {
    String name = (String) component.value();
    if (!component.parameters().isEmpty()) {
      throw unsupported(label, StructuredFields.serialize(component));
    }
    if (name.startsWith("@")) {
      return derivedComponent(label, name, request);
    }

    // Section 2.1: the combined field value, with each line trimmed and joined by ", ".
    return request
        .combinedField(name)
        .orElseThrow(
            () ->
                new RequestRejection(
                    RejectionReason.REQUEST_SIGNATURE_INVALID,
                    "Signature '"
                        + label
                        + "' covers the header field "
                        + name
                        + ", which the request does not contain."));
  }

  /** Section 2.2. */
  private static String derivedComponent(String label, String name, HttpRequestView request)
      throws RequestRejection {
    URI uri = request.uri();
    return switch (name) {
      case "@method" -> request.method();
      case "@target-uri" -> request.targetUri();
      case "@authority" -> authority(uri);
      case "@scheme" -> uri.getScheme().toLowerCase(Locale.ROOT);
      case "@request-target" -> request.pathAndQuery();
      case "@path" -> HttpRequestView.path(uri);
      // Section 2.2.7: a request without a query has the value "?".
      case "@query" -> "?" + (uri.getRawQuery() == null ? "" : uri.getRawQuery());
      default -> throw unsupported(label, "\"" + name + "\"");
    };
  }

  /**
   * Section 2.2.3: the host in lower case, with the port only when it is not the scheme's default
   * (RFC 9110 section 4.2.3).
   */
  private static String authority(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return defaultPort ? host : host + ":" + port;
  }

  private static RequestRejection unsupported(String label, String identifier) {
    return new RequestRejection(
        RejectionReason.REQUEST_SIGNATURE_INVALID,
        "Signature '"
            + label
            + "' covers "
            + identifier
            + ", which Countersign does not support. Cover header fields without parameters and"
            + " the derived components @method, @target-uri, @authority, @scheme,"
            + " @request-target, @path and @query.");
  }
}
