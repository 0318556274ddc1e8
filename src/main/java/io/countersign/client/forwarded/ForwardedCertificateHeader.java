package io.countersign.client.forwarded;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One request header from which a forwarded client certificate is read, and its format.
 *
 * <p>For {@link ForwardedCertificateFormat#RFC_9440} the chain is read from a second header named
 * {@link #chainName()}, which is {@code Client-Cert-Chain} for the default name.
 *
 * @param name the header name, matched without regard to case as HTTP does
 */
public record ForwardedCertificateHeader(ForwardedCertificateFormat format, String name) {

  /** An HTTP field name is a token (RFC 9110 section 5.1 and 5.6.2). */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  public ForwardedCertificateHeader {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(name, "name");
    if (!TOKEN.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a valid HTTP header name");
    }
  }

  /** Returns the header at the format's default name. */
  public static ForwardedCertificateHeader of(ForwardedCertificateFormat format) {
    return new ForwardedCertificateHeader(format, format.defaultHeaderName());
  }

  /**
   * Parses a comma-separated list of {@code format} or {@code format=Header-Name} entries, for
   * example {@code nginx} or {@code aws-alb=X-Amzn-Mtls-Clientcert}.
   *
   * @throws IllegalArgumentException naming the invalid entry
   */
  public static List<ForwardedCertificateHeader> parseList(String configuration) {
    List<ForwardedCertificateHeader> headers = new ArrayList<>();
    if (configuration == null || configuration.isBlank()) {
      return headers;
    }
    for (String entry : configuration.split(",", -1)) {
      headers.add(parseEntry(entry.strip()));
    }
    return List.copyOf(headers);
  }

  /**
   * Returns the name of the RFC 9440 chain header: this header's name followed by {@code -Chain}.
   * Other formats carry the chain in the same header and return {@link #name()}.
   */
  public String chainName() {
    return format == ForwardedCertificateFormat.RFC_9440 ? name + "-Chain" : name;
  }

  /** Returns every header name that this header reads: one, or two for RFC 9440. */
  List<String> names() {
    return chainName().equals(name) ? List.of(name) : List.of(name, chainName());
  }

  private static ForwardedCertificateHeader parseEntry(String entry) {
    int equals = entry.indexOf('=');
    if (equals < 0) {
      return of(ForwardedCertificateFormat.fromConfigName(entry));
    }
    ForwardedCertificateFormat format =
        ForwardedCertificateFormat.fromConfigName(entry.substring(0, equals));
    return new ForwardedCertificateHeader(format, entry.substring(equals + 1).strip());
  }
}
