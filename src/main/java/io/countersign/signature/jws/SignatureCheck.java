package io.countersign.signature.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.util.Base64URL;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Checks one signature value with one key, through a Nimbus {@link JWSVerifier}. It is the only
 * place where {@link JwsVerifier} checks signatures, and the unit that the Wycheproof vectors test.
 *
 * <p>Verifiers are built with {@link HeaderRules#DEFERRED_CRITICAL}, so that Nimbus accepts exactly
 * the critical parameters that this package understands. Every exception from Nimbus or the JCA
 * provider during the check is a failed signature.
 */
final class SignatureCheck {

  /** The result of one check. */
  enum Result {
    VALID,
    INVALID,
    /** The key's type, curve or length does not fit the algorithm. */
    KEY_UNSUITABLE
  }

  private SignatureCheck() {}

  /**
   * Checks an asymmetric signature. Rejects an ECDSA signature that is not in JWS form with {@code
   * SIGNATURE_ENCODING_INVALID} before any key is used.
   */
  static Result verify(JWSHeader header, byte[] signingInput, byte[] signature, PublicKey key)
      throws JwsRejection {
    JWSAlgorithm algorithm = header.getAlgorithm();
    if (JWSAlgorithm.Family.EC.contains(algorithm)) {
      EcdsaSignatureForm.check(algorithm, signature);
    }

    JWSVerifier verifier;
    try {
      verifier = newVerifier(algorithm, key);
    } catch (JOSEException | RuntimeException e) {
      return Result.KEY_UNSUITABLE;
    }
    return run(verifier, header, signingInput, signature);
  }

  /** Checks an HMAC with a registered secret; Nimbus compares in constant time. */
  static Result verifyHmac(JWSHeader header, byte[] signingInput, byte[] signature, byte[] secret) {
    JWSVerifier verifier;
    try {
      verifier = new MACVerifier(secret, HeaderRules.DEFERRED_CRITICAL);
    } catch (JOSEException | RuntimeException e) {
      return Result.KEY_UNSUITABLE;
    }
    return run(verifier, header, signingInput, signature);
  }

  private static Result run(
      JWSVerifier verifier, JWSHeader header, byte[] signingInput, byte[] signature) {
    if (verifier == null || !verifier.supportedJWSAlgorithms().contains(header.getAlgorithm())) {
      return Result.KEY_UNSUITABLE;
    }

    try {
      boolean valid = verifier.verify(header, signingInput, Base64URL.encode(signature));
      return valid ? Result.VALID : Result.INVALID;
    } catch (JOSEException | RuntimeException e) {
      return Result.INVALID;
    }
  }

  /** Returns a verifier for the algorithm and key, or null if the key's type does not fit. */
  private static JWSVerifier newVerifier(JWSAlgorithm algorithm, PublicKey key)
      throws JOSEException {
    if (JWSAlgorithm.Family.RSA.contains(algorithm) && key instanceof RSAPublicKey rsa) {
      return new RSASSAVerifier(rsa, HeaderRules.DEFERRED_CRITICAL);
    }
    if (JWSAlgorithm.Family.EC.contains(algorithm)
        && key instanceof ECPublicKey ec
        && algorithm.equals(ECDSA.resolveAlgorithm(ec))) {
      return new ECDSAVerifier(ec, HeaderRules.DEFERRED_CRITICAL);
    }
    if (JWSAlgorithm.EdDSA.equals(algorithm) && key instanceof EdECPublicKey ed) {
      return new JdkEd25519Verifier(ed, HeaderRules.DEFERRED_CRITICAL);
    }
    return null;
  }
}
