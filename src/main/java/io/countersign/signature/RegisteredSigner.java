package io.countersign.signature;

import io.countersign.trust.RevocationEvidence;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A document signing certificate registered to a partner, with the window in which the
 * registration is valid (for overlap during rotation). The window is narrowed by, not a
 * replacement for, the certificate's own validity.
 *
 * @param notBefore start of the registration window, or {@code null} for none
 * @param notAfter end of the registration window, or {@code null} for none
 * @param revocationEvidence the revocation status obtained when the certificate was validated
 *     against the partner's CA; empty for a pinned certificate
 * @param chain the CA certificates of the validated path above the certificate, ending with the
 *     partner's trust anchor; empty for a pinned certificate
 */
public record RegisteredSigner(
    String partnerId,
    X509Certificate certificate,
    Instant notBefore,
    Instant notAfter,
    List<RevocationEvidence> revocationEvidence,
    List<X509Certificate> chain) {

  public RegisteredSigner {
    Objects.requireNonNull(partnerId, "partnerId");
    Objects.requireNonNull(certificate, "certificate");
    revocationEvidence = revocationEvidence == null ? List.of() : List.copyOf(revocationEvidence);
    chain = chain == null ? List.of() : List.copyOf(chain);
  }

  /** Creates the registration of a pinned certificate. */
  public RegisteredSigner(
      String partnerId, X509Certificate certificate, Instant notBefore, Instant notAfter) {
    this(partnerId, certificate, notBefore, notAfter, List.of(), List.of());
  }
}
