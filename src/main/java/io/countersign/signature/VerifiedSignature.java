package io.countersign.signature;

import java.security.cert.X509Certificate;

/**
 * What a verifier established about a document's signature. Only verifiers create it, after every
 * check passed: the signature value, the covered content, the algorithms and the registered
 * signer.
 *
 * @param format the signature format, for example {@code xmldsig-enveloped}
 * @param algorithm the signature algorithm URI (XML) or name (JWS)
 * @param digestAlgorithm the digest algorithm URI of the reference, or {@code null} for JWS
 * @param signer the registered signing certificate that verified the signature
 * @param signerPartnerId the partner who registered {@code signer}
 * @param signatureValue the raw signature value; identifies the document for duplicate detection
 */
public record VerifiedSignature(
    String format,
    String algorithm,
    String digestAlgorithm,
    X509Certificate signer,
    String signerPartnerId,
    byte[] signatureValue) {}
