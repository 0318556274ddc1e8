package io.countersign.client;

import io.countersign.trust.CertificateSummary;
import io.countersign.trust.RevocationEvidence;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The partner that a request's TLS client certificate identifies.
 *
 * @param source how the certificate reached the application: {@code tls} for the container's own
 *     mutual TLS handshake, or which proxy forwarded it in which header
 * @param revocationEvidence the revocation status obtained for a CA-issued certificate; empty for a
 *     pinned one
 */
public record ClientIdentity(
    String partnerId,
    X509Certificate certificate,
    CertificateSummary summary,
    String source,
    List<RevocationEvidence> revocationEvidence) {

  /** The request attribute under which {@link ClientCertificateFilter} stores the identity. */
  public static final String ATTRIBUTE = ClientIdentity.class.getName();
}
