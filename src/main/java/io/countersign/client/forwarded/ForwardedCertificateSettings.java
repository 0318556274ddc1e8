package io.countersign.client.forwarded;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The trusted proxies, the headers to read a forwarded client certificate from, and the limits on
 * their values. Validated on construction, so that a bad configuration fails at start-up.
 *
 * @param headers the headers to read, usually one. A request that carries more than one of them
 *     is rejected, because a proxy that removes only the header it sets would otherwise let a
 *     client inject another one.
 * @param maxHeaderLength the max length of one header's value in characters, all its field lines
 *     together. Proxies send ASCII, so this is also the length in bytes.
 * @param maxCertificates the max number of certificates, leaf and chain together
 */
public record ForwardedCertificateSettings(
    TrustedProxies trustedProxies,
    List<ForwardedCertificateHeader> headers,
    int maxHeaderLength,
    int maxCertificates) {

  /** 16 KiB: by estimate five to seven RSA-4096 certificates as URL-encoded PEM. */
  public static final int DEFAULT_MAX_HEADER_LENGTH = 16 * 1024;

  /** A leaf, its intermediates, a root and a cross-signed root fit with room to spare. */
  public static final int DEFAULT_MAX_CERTIFICATES = 10;

  public ForwardedCertificateSettings {
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    headers = List.copyOf(headers);
    if (maxHeaderLength < 1) {
      throw new IllegalArgumentException("maxHeaderLength must be positive: " + maxHeaderLength);
    }
    if (maxCertificates < 1) {
      throw new IllegalArgumentException("maxCertificates must be positive: " + maxCertificates);
    }
    requireDistinctNames(headers);
  }

  /** Returns settings with the default limits. */
  public static ForwardedCertificateSettings of(
      TrustedProxies trustedProxies, List<ForwardedCertificateHeader> headers) {
    return new ForwardedCertificateSettings(
        trustedProxies, headers, DEFAULT_MAX_HEADER_LENGTH, DEFAULT_MAX_CERTIFICATES);
  }

  /** Returns settings that read no header, for deployments where clients connect directly. */
  public static ForwardedCertificateSettings disabled() {
    return of(TrustedProxies.none(), List.of());
  }

  private static void requireDistinctNames(List<ForwardedCertificateHeader> headers) {
    Set<String> names = new HashSet<>();
    for (ForwardedCertificateHeader header : headers) {
      for (String name : header.names()) {
        if (!names.add(lowerCase(name))) {
          throw new IllegalArgumentException(
              "Header '" + name + "' is configured for more than one forwarded certificate format");
        }
      }
    }
  }

  private static String lowerCase(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
