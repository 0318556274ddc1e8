package io.countersign.client;

import io.countersign.signature.http.VerifiedRequest;
import io.countersign.trust.CertificateSummary;
import io.countersign.trust.RevocationEvidence;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Who sent a request, as the request authentication established it: by a TLS client certificate
 * (direct or forwarded by a trusted proxy), by a request signature (HMAC or RFC 9421), or not yet
 * known when only the document's own signature can identify a signature-only partner.
 *
 * @param partnerId the partner, or {@code null} until the document's signature identifies it
 * @param certificate the client certificate, or {@code null} without one
 * @param summary the client certificate's identifying fields, or {@code null} without one
 * @param source how the client was identified: {@code tls} for the container's own mutual TLS
 *     handshake, which proxy forwarded the certificate in which header, or which request signature
 * @param revocationEvidence the revocation status obtained for a CA-issued certificate; empty for a
 *     pinned one or without a certificate
 * @param requestSignature the verified request signature, or {@code null} without one
 */
public record ClientIdentity(
    String partnerId,
    X509Certificate certificate,
    CertificateSummary summary,
    String source,
    List<RevocationEvidence> revocationEvidence,
    VerifiedRequest requestSignature) {

  /** The request attribute under which {@link ClientCertificateFilter} stores the identity. */
  public static final String ATTRIBUTE = ClientIdentity.class.getName();

  /** The source of a request that nothing but the document's own signature identifies. */
  public static final String SOURCE_DOCUMENT_SIGNATURE = "document signature only";

  public ClientIdentity {
    revocationEvidence = List.copyOf(revocationEvidence);
  }

  /** Creates the identity of a client certificate. */
  static ClientIdentity ofCertificate(
      String partnerId,
      X509Certificate certificate,
      String source,
      List<RevocationEvidence> revocationEvidence) {
    return new ClientIdentity(
        partnerId, certificate, CertificateSummary.of(certificate), source, revocationEvidence, null);
  }

  /** Creates the identity of a verified request signature. */
  static ClientIdentity ofRequestSignature(VerifiedRequest request, String source) {
    return new ClientIdentity(request.partnerId(), null, null, source, List.of(), request);
  }

  /** Creates the identity of a request that only the document's signature can identify. */
  static ClientIdentity unidentified() {
    return new ClientIdentity(null, null, null, SOURCE_DOCUMENT_SIGNATURE, List.of(), null);
  }

  public boolean isIdentified() {
    return partnerId != null;
  }
}
