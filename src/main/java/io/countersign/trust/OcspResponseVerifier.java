package io.countersign.trust;

import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Verifies a basic OCSP response for one certificate: who signed it, that it matches the request
 * sent, and that it is current. Any failure makes the response untrusted.
 */
final class OcspResponseVerifier {

  private final DigestCalculatorProvider digests;

  OcspResponseVerifier(DigestCalculatorProvider digests) {
    this.digests = digests;
  }

  /**
   * Returns the single response for {@code requested} after every check passed.
   *
   * @param requestNonce the nonce sent in the request, or {@code null} for a stored response
   *     whose request is not known, which skips the nonce check
   */
  SingleResp verify(
      BasicOCSPResp response,
      CertificateID requested,
      Extension requestNonce,
      X509Certificate issuer,
      Instant at)
      throws UntrustedResponseException {
    requireAuthorizedSignature(response, issuer, at);
    requireNoCriticalExtensions(response.getCriticalExtensionOIDs(), "The OCSP response");
    requireMatchingNonce(response, requestNonce);

    SingleResp single = singleResponse(response, requested, issuer);
    requireNoCriticalExtensions(single.getCriticalExtensionOIDs(), "The single OCSP response");
    Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
    StatusFreshness.check(single.getThisUpdate().toInstant(), nextUpdate, at, "The OCSP response");
    return single;
  }

  /**
   * Requires the signature of the issuer itself or of a delegated responder: a certificate that the
   * issuer issued with the id-kp-OCSPSigning extended key usage (RFC 6960 4.2.2.2).
   */
  private static void requireAuthorizedSignature(
      BasicOCSPResp response, X509Certificate issuer, Instant at)
      throws UntrustedResponseException {
    if (isSignedBy(response, verifierFor(issuer.getPublicKey()))) {
      return;
    }
    for (X509CertificateHolder candidate : response.getCerts()) {
      if (isDelegatedResponder(candidate, issuer, at)
          && isSignedBy(response, verifierFor(candidate))) {
        // NOTE: the delegated responder's own revocation status is not checked; RFC 6960
        // 4.2.2.2.1 lets its CA mark it with id-pkix-ocsp-nocheck and keep its validity short.
        return;
      }
    }
    throw new UntrustedResponseException(
        "The OCSP response is signed neither by the issuer '"
            + issuer.getSubjectX500Principal().getName()
            + "' nor by a responder certificate that the issuer authorized for OCSP signing");
  }

  private static boolean isDelegatedResponder(
      X509CertificateHolder candidate, X509Certificate issuer, Instant at) {
    X500Principal candidateIssuer = issuerName(candidate);
    ExtendedKeyUsage usage = ExtendedKeyUsage.fromExtensions(candidate.getExtensions());
    return candidateIssuer.equals(issuer.getSubjectX500Principal())
        && usage != null
        && usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)
        && candidate.isValidOn(Date.from(at))
        && isIssuedBy(candidate, issuer);
  }

  private static X500Principal issuerName(X509CertificateHolder certificate) {
    try {
      return new X500Principal(certificate.getIssuer().getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode a parsed issuer name", e);
    }
  }

  private static boolean isIssuedBy(X509CertificateHolder candidate, X509Certificate issuer) {
    ContentVerifierProvider verifier = verifierFor(issuer.getPublicKey());
    try {
      return verifier != null && candidate.isSignatureValid(verifier);
    } catch (CertException e) {
      return false;
    }
  }

  private static boolean isSignedBy(BasicOCSPResp response, ContentVerifierProvider verifier) {
    try {
      return verifier != null && response.isSignatureValid(verifier);
    } catch (OCSPException e) {
      // For example a signature algorithm that does not fit the key: not a valid signature.
      return false;
    }
  }

  private static ContentVerifierProvider verifierFor(PublicKey key) {
    try {
      return new JcaContentVerifierProviderBuilder().build(key);
    } catch (OperatorCreationException e) {
      return null;
    }
  }

  private static ContentVerifierProvider verifierFor(X509CertificateHolder certificate) {
    try {
      return new JcaContentVerifierProviderBuilder().build(certificate);
    } catch (OperatorCreationException | CertificateException e) {
      return null;
    }
  }

  /**
   * Requires the response to repeat the request's nonce (RFC 6960 4.4.1) if it carries one. A
   * response without a nonce is accepted, because responders that serve pre-produced responses (RFC
   * 5019) omit it, and the freshness check still limits a replay to the response's validity.
   */
  private static void requireMatchingNonce(BasicOCSPResp response, Extension requestNonce)
      throws UntrustedResponseException {
    Extension nonce = response.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    if (requestNonce == null) {
      return;
    }
    if (nonce != null && !nonce.getExtnValue().equals(requestNonce.getExtnValue())) {
      throw new UntrustedResponseException("The OCSP response carries another request's nonce");
    }
  }

  private SingleResp singleResponse(
      BasicOCSPResp response, CertificateID requested, X509Certificate issuer)
      throws UntrustedResponseException {
    try {
      JcaX509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
      for (SingleResp single : response.getResponses()) {
        CertificateID answered = single.getCertID();
        if (answered.getSerialNumber().equals(requested.getSerialNumber())
            && answered.matchesIssuer(issuerHolder, digests)) {
          return single;
        }
      }
    } catch (CertificateException | OCSPException e) {
      throw new UntrustedResponseException(
          "The OCSP response cannot be matched: " + e.getMessage());
    }
    throw new UntrustedResponseException(
        "The OCSP response has no status for serial " + requested.getSerialNumber().toString(16));
  }

  /**
   * Rejects critical extensions, because an unknown critical extension may change what the response
   * means (the criticality rule of RFC 5280 4.2, which OCSP extensions share).
   */
  private static void requireNoCriticalExtensions(Set<?> criticalExtensions, String what)
      throws UntrustedResponseException {
    if (!criticalExtensions.isEmpty()) {
      throw new UntrustedResponseException(
          what + " has unsupported critical extensions " + criticalExtensions);
    }
  }
}
