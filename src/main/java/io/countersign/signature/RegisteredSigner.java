package io.countersign.signature;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A document signing certificate registered to a partner, with the window in which the
 * registration is valid (for overlap during rotation). The window is narrowed by, not a
 * replacement for, the certificate's own validity.
 *
 * @param notBefore start of the registration window, or {@code null} for none
 * @param notAfter end of the registration window, or {@code null} for none
 */
public record RegisteredSigner(
    String partnerId, X509Certificate certificate, Instant notBefore, Instant notAfter) {

  public RegisteredSigner {
    Objects.requireNonNull(partnerId, "partnerId");
    Objects.requireNonNull(certificate, "certificate");
  }
}
