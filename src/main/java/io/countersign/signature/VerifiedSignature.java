package io.countersign.signature;

import io.countersign.trust.RevocationEvidence;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The facts a verifier established about a document's signature. Only verifiers create it,
 * after every check passed: the signature value, the covered content, the algorithms and the
 * registered signer.
 *
 * <p>A JWS verified with a registered HMAC key has a {@code format} ending in {@code -hmac} and no
 * {@code signer}. The partner shares that key with Countersign, so such a signature proves
 * integrity and origin to Countersign but gives no non-repudiation towards third parties.
 *
 * @param format the signature format: {@code xmldsig-enveloped}, {@code jws-compact}, {@code
 *     jws-json}, {@code jws-detached} or {@code jws-detached-unencoded}, each JWS format with the
 *     suffix {@code -hmac} when an HMAC key verified it
 * @param algorithm the signature algorithm URI (XML) or name (JWS)
 * @param digestAlgorithm the digest algorithm URI of the reference, or {@code null} for JWS
 * @param signer the registered signing certificate that verified the signature, or {@code null}
 *     for a JWS verified with an HMAC key
 * @param signerPartnerId the partner who registered {@code signer} or the HMAC key
 * @param signatureValue the raw signature value; identifies the document for duplicate detection
 * @param payload the signed content that a JWS carries, decoded; {@code null} for XML
 * @param cosigners the registered certificates of the other signatures of a JWS in general JSON
 *     serialization, each verified; empty for every other format
 * @param signerRevocationEvidence the revocation status of the signer's path when the signer is
 *     registered through its CA; empty for a pinned certificate or an HMAC key
 * @param signerChain the CA certificates above {@code signer} on the validated path, ending with
 *     the partner's trust anchor; empty for a pinned certificate or an HMAC key
 */
public record VerifiedSignature(
    String format,
    String algorithm,
    String digestAlgorithm,
    X509Certificate signer,
    String signerPartnerId,
    byte[] signatureValue,
    byte[] payload,
    List<X509Certificate> cosigners,
    List<RevocationEvidence> signerRevocationEvidence,
    List<X509Certificate> signerChain) {

  public VerifiedSignature {
    cosigners = cosigners == null ? List.of() : List.copyOf(cosigners);
    signerRevocationEvidence =
        signerRevocationEvidence == null ? List.of() : List.copyOf(signerRevocationEvidence);
    signerChain = signerChain == null ? List.of() : List.copyOf(signerChain);
  }

  /** Creates the result of a signature by a pinned certificate or an HMAC key. */
  public VerifiedSignature(
      String format,
      String algorithm,
      String digestAlgorithm,
      X509Certificate signer,
      String signerPartnerId,
      byte[] signatureValue,
      byte[] payload,
      List<X509Certificate> cosigners) {
    this(
        format,
        algorithm,
        digestAlgorithm,
        signer,
        signerPartnerId,
        signatureValue,
        payload,
        cosigners,
        List.of(),
        List.of());
  }

  /** Creates the result of a signature that carries no payload and has no cosigners (XML). */
  public VerifiedSignature(
      String format,
      String algorithm,
      String digestAlgorithm,
      X509Certificate signer,
      String signerPartnerId,
      byte[] signatureValue) {
    this(
        format,
        algorithm,
        digestAlgorithm,
        signer,
        signerPartnerId,
        signatureValue,
        null,
        List.of(),
        List.of(),
        List.of());
  }
}
