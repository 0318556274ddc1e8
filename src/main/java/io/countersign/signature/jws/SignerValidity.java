package io.countersign.signature.jws;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.RegisteredHmacKey;
import io.countersign.signature.RegisteredSigner;
import io.countersign.trust.CertificateSummary;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Checks that a registered key is valid at an instant: a certificate's own validity and its
 * registration window, or an HMAC key's registration window. A registration window narrows the
 * certificate's validity and never extends it.
 */
final class SignerValidity {

  private SignerValidity() {}

  static void check(CandidateKey key, Instant now) throws JwsRejection {
    switch (key) {
      case CandidateKey.SignerCertificate certificate -> check(certificate.signer(), now);
      case CandidateKey.HmacKey hmac -> check(hmac.key(), now);
    }
  }

  private static void check(RegisteredSigner signer, Instant now) throws JwsRejection {
    X509Certificate certificate = signer.certificate();
    String described = "signer certificate (" + CertificateSummary.of(certificate).describe() + ")";

    Instant notAfter = certificate.getNotAfter().toInstant();
    if (now.isAfter(notAfter)) {
      throw expired("The " + described + " expired at " + notAfter + ".");
    }
    Instant notBefore = certificate.getNotBefore().toInstant();
    if (now.isBefore(notBefore)) {
      throw notYetValid("The " + described + " is valid only from " + notBefore + ".");
    }

    checkWindow(
        "The registration of the " + described + " for partner '" + signer.partnerId() + "'",
        signer.notBefore(),
        signer.notAfter(),
        now);
  }

  private static void check(RegisteredHmacKey key, Instant now) throws JwsRejection {
    String keyId = key.keyId() == null ? "" : " '" + key.keyId() + "'";
    checkWindow(
        "The registration of HMAC key" + keyId + " for partner '" + key.partnerId() + "'",
        key.notBefore(),
        key.notAfter(),
        now);
  }

  private static void checkWindow(
      String registration, Instant notBefore, Instant notAfter, Instant now) throws JwsRejection {
    if (notAfter != null && now.isAfter(notAfter)) {
      throw expired(registration + " ended at " + notAfter + ".");
    }
    if (notBefore != null && now.isBefore(notBefore)) {
      throw notYetValid(registration + " starts at " + notBefore + ".");
    }
  }

  private static JwsRejection expired(String problem) {
    return new JwsRejection(
        RejectionReason.SIGNER_CERTIFICATE_EXPIRED,
        problem + " Sign with a currently registered key.");
  }

  private static JwsRejection notYetValid(String problem) {
    return new JwsRejection(
        RejectionReason.SIGNER_CERTIFICATE_NOT_YET_VALID,
        problem + " Until then, sign with another registered key.");
  }
}
