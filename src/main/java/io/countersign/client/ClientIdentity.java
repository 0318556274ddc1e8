package io.countersign.client;

import io.countersign.trust.CertificateSummary;
import java.security.cert.X509Certificate;

/**
 * The partner that a request's TLS client certificate identifies.
 *
 * @param source how the certificate reached the application; {@code tls} for the container's own
 *     mutual TLS handshake
 */
public record ClientIdentity(
    String partnerId, X509Certificate certificate, CertificateSummary summary, String source) {

  /** The request attribute under which {@link ClientCertificateFilter} stores the identity. */
  public static final String ATTRIBUTE = ClientIdentity.class.getName();

  public static final String SOURCE_TLS = "tls";
}
