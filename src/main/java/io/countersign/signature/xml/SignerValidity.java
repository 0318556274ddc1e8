package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.RegisteredSigner;
import io.countersign.trust.CertificateSummary;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Checks that a signer's certificate and its registration are both valid at an instant. The
 * registration window narrows the certificate's validity and never extends it.
 */
final class SignerValidity {

  private SignerValidity() {}

  static void check(RegisteredSigner signer, Instant now) throws SignatureRejection {
    X509Certificate certificate = signer.certificate();
    String described = CertificateSummary.of(certificate).describe();

    if (now.isAfter(certificate.getNotAfter().toInstant())) {
      throw new SignatureRejection(
          RejectionReason.SIGNER_CERTIFICATE_EXPIRED,
          "The signer certificate ("
              + described
              + ") expired at "
              + certificate.getNotAfter().toInstant()
              + ". Sign with a current registered certificate.");
    }
    if (now.isBefore(certificate.getNotBefore().toInstant())) {
      throw new SignatureRejection(
          RejectionReason.SIGNER_CERTIFICATE_NOT_YET_VALID,
          "The signer certificate ("
              + described
              + ") is valid only from "
              + certificate.getNotBefore().toInstant()
              + ". Sign with a current registered certificate.");
    }

    checkRegistrationWindow(signer, now, described);
  }

  private static void checkRegistrationWindow(
      RegisteredSigner signer, Instant now, String described) throws SignatureRejection {
    if (signer.notAfter() != null && now.isAfter(signer.notAfter())) {
      throw new SignatureRejection(
          RejectionReason.SIGNER_CERTIFICATE_EXPIRED,
          "The registration of the signer certificate ("
              + described
              + ") for partner '"
              + signer.partnerId()
              + "' ended at "
              + signer.notAfter()
              + ". Sign with a currently registered certificate.");
    }
    if (signer.notBefore() != null && now.isBefore(signer.notBefore())) {
      throw new SignatureRejection(
          RejectionReason.SIGNER_CERTIFICATE_NOT_YET_VALID,
          "The registration of the signer certificate ("
              + described
              + ") for partner '"
              + signer.partnerId()
              + "' starts at "
              + signer.notBefore()
              + ". Until then, sign with another registered certificate.");
    }
  }
}
