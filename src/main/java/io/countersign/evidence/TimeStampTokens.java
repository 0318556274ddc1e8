package io.countersign.evidence;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/**
 * Checks an RFC 3161 time-stamp token against the bytes it should cover.
 *
 * <p>Guarantees of a verified token: its message imprint is the SHA-256 of those bytes, and its
 * signature verifies with the certificate that the token contains, which BouncyCastle requires to
 * be valid at the token's time and to carry the critical timeStamping extended key usage (RFC
 * 3161 section 2.3). NOTE: whether that TSA certificate is trusted is not checked here; compare it
 * with the TSA that the operator configured.
 */
public final class TimeStampTokens {

  /** A failed check with its reason and a detail for the log. */
  public record Rejection(TimeStampFailure failure, String detail) {}

  private TimeStampTokens() {}

  /** Verifies a token over {@code sha256}; returns the rejection, or empty when it verifies. */
  public static Optional<Rejection> verify(TimeStampToken token, byte[] sha256) {
    TimeStampTokenInfo info = token.getTimeStampInfo();
    if (!TSPAlgorithms.SHA256.equals(info.getMessageImprintAlgOID())
        || !Arrays.equals(sha256, info.getMessageImprintDigest())) {
      return rejection(
          TimeStampFailure.IMPRINT_MISMATCH,
          "The token's message imprint is not the SHA-256 of the time-stamped bytes");
    }

    Optional<X509Certificate> signer = signerCertificate(token);
    if (signer.isEmpty()) {
      return rejection(
          TimeStampFailure.CERTIFICATE_MISSING, "The token does not contain its signer's certificate");
    }

    try {
      token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signer.get()));
      return Optional.empty();
    } catch (TSPException | OperatorCreationException e) {
      return rejection(
          TimeStampFailure.SIGNATURE_INVALID,
          "The token's signature does not verify with the certificate of "
              + signer.get().getSubjectX500Principal().getName()
              + ": "
              + e.getMessage());
    }
  }

  /** Returns the certificate in the token that its signer identifier names. */
  public static Optional<X509Certificate> signerCertificate(TimeStampToken token) {
    Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
    for (X509CertificateHolder holder : matches) {
      try {
        return Optional.of(new JcaX509CertificateConverter().getCertificate(holder));
      } catch (CertificateException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<Rejection> rejection(TimeStampFailure failure, String detail) {
    return Optional.of(new Rejection(failure, detail));
  }
}
