package io.countersign.partner;

import io.countersign.trust.TrustAnchorSet;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A TLS client credential of a partner: a certificate pinned by its SHA-256 fingerprint, or a
 * trust anchor plus the subject that the partner's certificates carry. The optional registration
 * window lets an old and a new credential overlap during rotation.
 *
 * @param sha256 lower-case hex SHA-256 fingerprint of a pinned certificate, or {@code null}
 * @param certificate the pinned certificate when the partner file names its file, or {@code null}
 * @param anchors the partner's CAs and required subject, or {@code null} for a pinned certificate
 * @param notBefore start of the registration window, or {@code null} for none
 * @param notAfter end of the registration window, or {@code null} for none
 */
public record TlsClientCredential(
    String sha256,
    X509Certificate certificate,
    TrustAnchorSet anchors,
    Instant notBefore,
    Instant notAfter) {

  public static TlsClientCredential pinned(
      String sha256, X509Certificate certificate, Instant notBefore, Instant notAfter) {
    return new TlsClientCredential(sha256, certificate, null, notBefore, notAfter);
  }

  public static TlsClientCredential anchored(
      TrustAnchorSet anchors, Instant notBefore, Instant notAfter) {
    return new TlsClientCredential(null, null, anchors, notBefore, notAfter);
  }

  public boolean isPinned() {
    return sha256 != null;
  }
}
