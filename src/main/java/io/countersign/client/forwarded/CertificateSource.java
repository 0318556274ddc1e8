package io.countersign.client.forwarded;

import java.util.Objects;

/**
 * The origin of a client certificate: the container's own TLS handshake, or a header that a
 * trusted edge proxy forwarded.
 *
 * @param kind {@value #TLS} or {@value #FORWARDED}
 * @param proxyAddress the peer address of the proxy, or {@code null} for {@value #TLS}
 * @param headerName the header that carried the certificate, or {@code null} for {@value #TLS}
 * @param format the header's format, or {@code null} for {@value #TLS}
 */
public record CertificateSource(
    String kind, String proxyAddress, String headerName, ForwardedCertificateFormat format) {

  public static final String TLS = "tls";
  public static final String FORWARDED = "forwarded";

  private static final CertificateSource TLS_SOURCE = new CertificateSource(TLS, null, null, null);

  public CertificateSource {
    Objects.requireNonNull(kind, "kind");
    boolean forwarded = kind.equals(FORWARDED);
    if (!forwarded && !kind.equals(TLS)) {
      throw new IllegalArgumentException("kind must be 'tls' or 'forwarded': " + kind);
    }
    boolean detailsPresent = proxyAddress != null && headerName != null && format != null;
    boolean detailsAbsent = proxyAddress == null && headerName == null && format == null;
    if (forwarded ? !detailsPresent : !detailsAbsent) {
      throw new IllegalArgumentException(
          "A forwarded source needs proxyAddress, headerName and format, and a tls source none");
    }
  }

  /** Returns the source of a certificate from the container's own mutual TLS handshake. */
  public static CertificateSource tls() {
    return TLS_SOURCE;
  }

  /** Returns the source of a certificate that a trusted proxy forwarded. */
  public static CertificateSource forwarded(
      String proxyAddress, String headerName, ForwardedCertificateFormat format) {
    return new CertificateSource(FORWARDED, proxyAddress, headerName, format);
  }

  /**
   * Describes the source for logs and evidence, for example {@code tls} or {@code forwarded by
   * 127.0.0.2 in X-SSL-Client-Cert (nginx)}.
   */
  public String describe() {
    if (kind.equals(TLS)) {
      return TLS;
    }
    return FORWARDED + " by " + proxyAddress + " in " + headerName + " (" + format.label() + ")";
  }
}
