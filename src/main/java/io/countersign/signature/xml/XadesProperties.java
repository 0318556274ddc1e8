package io.countersign.signature.xml;

import java.time.Instant;

/**
 * The XAdES signed properties of a verified signature (XAdES-BES or XAdES-EPES, ETSI EN 319 132-1).
 * The verifier returns them only after it checked that the signing certificate they name is the
 * registered certificate that verified the signature.
 *
 * @param signingTime the claimed {@code xades:SigningTime}, or null if the signature has none. The
 *     signer states it, so it is not a trusted timestamp
 * @param signingCertificateDigestAlgorithm the {@code xades:CertDigest} algorithm URI that named
 *     the signer certificate
 * @param issuerSerialChecked whether the matching certificate entry also carried an issuer and
 *     serial number, which then matched the signer certificate
 * @param policyId the {@code xades:SigPolicyId/xades:Identifier} of an XAdES-EPES signature, or
 *     null for XAdES-BES and implied policies. The policy document and its hash are not checked
 */
public record XadesProperties(
    Instant signingTime,
    String signingCertificateDigestAlgorithm,
    boolean issuerSerialChecked,
    String policyId) {}
