package io.countersign.signature.http;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The RFC 9421 signature algorithms that Countersign accepts, by their name in the HTTP Signature
 * Algorithms registry (RFC 9421 section 6.2).
 */
public enum HttpSignatureAlgorithm {

  /** RSASSA-PSS with SHA-512, MGF1 with SHA-512 and a 64-byte salt, RFC 9421 section 3.3.1. */
  RSA_PSS_SHA512("rsa-pss-sha512", true),

  /** ECDSA over P-256 with SHA-256, the signature as raw r||s, RFC 9421 section 3.3.4. */
  ECDSA_P256_SHA256("ecdsa-p256-sha256", true),

  /** EdDSA over edwards25519, RFC 9421 section 3.3.6. */
  ED25519("ed25519", true),

  /** HMAC with SHA-256 and a shared secret, RFC 9421 section 3.3.3. */
  HMAC_SHA256("hmac-sha256", false);

  static final int MIN_RSA_BITS = 2048;
  static final int MIN_HMAC_SECRET_BYTES = 32;

  /** The order of the P-256 base point (FIPS 186-4, appendix D.1.2.3). */
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private final String identifier;
  private final boolean asymmetric;

  HttpSignatureAlgorithm(String identifier, boolean asymmetric) {
    this.identifier = identifier;
    this.asymmetric = asymmetric;
  }

  /** Returns the registry name, as in the {@code alg} parameter, for example {@code ed25519}. */
  public String identifier() {
    return identifier;
  }

  /** Returns whether the signer signs with a private key that the verifier does not have. */
  public boolean isAsymmetric() {
    return asymmetric;
  }

  /** Returns the algorithm with the registry name {@code identifier}, if Countersign accepts it. */
  public static Optional<HttpSignatureAlgorithm> fromIdentifier(String identifier) {
    return Arrays.stream(values()).filter(a -> a.identifier.equals(identifier)).findFirst();
  }

  /**
   * Returns whether {@code key} is a verification key for this algorithm: an RSA public key of at
   * least 2048 bits, a P-256 public key, an Ed25519 public key, or a secret of at least 32 bytes.
   */
  public boolean accepts(Key key) {
    return switch (this) {
      case RSA_PSS_SHA512 ->
          key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS;
      case ECDSA_P256_SHA256 ->
          key instanceof ECPublicKey ec && ec.getParams().getOrder().equals(P256_ORDER);
      case ED25519 ->
          key instanceof EdECPublicKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName());
      case HMAC_SHA256 ->
          key instanceof SecretKey secret
              && secret.getEncoded() != null
              && secret.getEncoded().length >= MIN_HMAC_SECRET_BYTES;
    };
  }

  /**
   * Verifies {@code signature} over {@code signatureBase} with {@code key}, which {@link
   * #accepts(Key)} must accept. A provider error counts as a failed verification.
   */
  boolean verify(Key key, byte[] signatureBase, byte[] signature) {
    try {
      return switch (this) {
        case RSA_PSS_SHA512 -> verifyRsaPss((PublicKey) key, signatureBase, signature);
        case ECDSA_P256_SHA256 ->
            // The P1363 format is r||s, 32 bytes each, which RFC 9421 section 3.3.4 prescribes.
            signature.length == 64
                && verifyWith("SHA256withECDSAinP1363Format", key, signatureBase, signature);
        case ED25519 -> verifyWith("Ed25519", key, signatureBase, signature);
        case HMAC_SHA256 -> verifyHmac((SecretKey) key, signatureBase, signature);
      };
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(identifier + " is not available in this Java runtime", e);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static boolean verifyRsaPss(PublicKey key, byte[] signatureBase, byte[] signature)
      throws GeneralSecurityException {
    Signature verifier = Signature.getInstance("RSASSA-PSS");
    verifier.setParameter(new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));
    verifier.initVerify(key);
    verifier.update(signatureBase);
    return verifier.verify(signature);
  }

  private static boolean verifyWith(String jcaName, Key key, byte[] signatureBase, byte[] signature)
      throws GeneralSecurityException {
    Signature verifier = Signature.getInstance(jcaName);
    verifier.initVerify((PublicKey) key);
    verifier.update(signatureBase);
    return verifier.verify(signature);
  }

  private static boolean verifyHmac(SecretKey key, byte[] signatureBase, byte[] signature)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(key);
    return MessageDigest.isEqual(mac.doFinal(signatureBase), signature);
  }
}
