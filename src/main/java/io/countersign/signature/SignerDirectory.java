package io.countersign.signature;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Looks up registered document signing certificates.
 *
 * <p>A certificate carried in a signature ({@code KeyInfo}, {@code x5c}) is only a hint: a
 * verifier passes it here and verifies with the registered certificate that comes back, never
 * with the hint itself.
 */
public interface SignerDirectory {

  /** Returns the registration whose certificate equals {@code hint}, whichever partner owns it. */
  Optional<RegisteredSigner> findByCertificate(X509Certificate hint);

  /**
   * Looks up the registration of a signer certificate: a pinned certificate, or one that carries
   * the subject a partner registered with its CA and has a valid PKIX path to that CA (revocation
   * included). The default looks up pinned certificates only.
   *
   * @param hintedChain other certificates that the signature carries, as path hints only
   */
  default SignerLookup lookUp(X509Certificate hint, List<X509Certificate> hintedChain) {
    return findByCertificate(hint)
        .<SignerLookup>map(SignerLookup.Registered::new)
        .orElseGet(SignerLookup.NotRegistered::new);
  }

  /** Returns every signing certificate registered to the partner, for signatures without a hint. */
  List<RegisteredSigner> signersOf(String partnerId);

  /**
   * Returns the HMAC keys registered to the partner. A JWS with an HS algorithm verifies only with
   * one of these, never with a certificate's public key. The default registers none.
   */
  default List<RegisteredHmacKey> hmacKeysOf(String partnerId) {
    return List.of();
  }
}
