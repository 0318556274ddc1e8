package io.countersign.signature.xml;

import java.util.Set;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;

/**
 * The algorithm URIs that {@link XmlSignatureVerifier} accepts.
 *
 * <p>{@link #defaults()} allows SHA-2 digests and RSA PKCS#1 v1.5, RSA-PSS, ECDSA and Ed25519
 * signatures, and rejects SHA-1, MD5, DSA and HMAC. A reference may use the enveloped-signature
 * transform followed by the allowed canonicalizations only, so XPath, XSLT and Base64 transforms
 * are always rejected. A XAdES SignedProperties reference may use the canonicalizations only.
 *
 * <p>The defaults accept SHA-1 in one place: the {@code xades:CertDigest} of the XAdES signing
 * certificate, which the EU trusted lists still use. That digest does not choose the key: the
 * signature verifies with a registered certificate, and the digest only has to name that same
 * certificate. A false match would need a SHA-1 collision with a registered certificate, whose
 * content its CA chose.
 *
 * @param canonicalizationAlgorithms allowed for {@code CanonicalizationMethod} and as transforms
 * @param signatureAlgorithms allowed for {@code SignatureMethod}
 * @param digestAlgorithms allowed for the references' {@code DigestMethod}
 * @param certificateDigestAlgorithms allowed for the XAdES {@code xades:CertDigest}
 */
public record XmlSignaturePolicy(
    Set<String> canonicalizationAlgorithms,
    Set<String> signatureAlgorithms,
    Set<String> digestAlgorithms,
    Set<String> certificateDigestAlgorithms) {

  public XmlSignaturePolicy {
    canonicalizationAlgorithms = requireNotEmpty(canonicalizationAlgorithms, "canonicalization");
    signatureAlgorithms = requireNotEmpty(signatureAlgorithms, "signature");
    digestAlgorithms = requireNotEmpty(digestAlgorithms, "digest");
    certificateDigestAlgorithms =
        requireNotEmpty(certificateDigestAlgorithms, "certificate digest");
  }

  /** Creates a policy whose XAdES certificate digests are limited to {@code digestAlgorithms}. */
  public XmlSignaturePolicy(
      Set<String> canonicalizationAlgorithms,
      Set<String> signatureAlgorithms,
      Set<String> digestAlgorithms) {
    this(canonicalizationAlgorithms, signatureAlgorithms, digestAlgorithms, digestAlgorithms);
  }

  /** Returns the policy for partner documents: SHA-2 and current signature algorithms only. */
  public static XmlSignaturePolicy defaults() {
    return new XmlSignaturePolicy(
        Set.of(
            Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS,
            Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS,
            Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS,
            Canonicalizer.ALGO_ID_C14N11_WITH_COMMENTS,
            Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS,
            Canonicalizer.ALGO_ID_C14N_EXCL_WITH_COMMENTS),
        Set.of(
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256_MGF1,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384_MGF1,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512_MGF1,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA384,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA512,
            XMLSignature.ALGO_ID_SIGNATURE_EDDSA_ED25519),
        Set.of(
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256,
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA384,
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA512),
        Set.of(
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1,
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256,
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA384,
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA512));
  }

  private static Set<String> requireNotEmpty(Set<String> algorithms, String kind) {
    if (algorithms == null || algorithms.isEmpty()) {
      throw new IllegalArgumentException("At least one " + kind + " algorithm must be allowed");
    }
    return Set.copyOf(algorithms);
  }
}
