package io.countersign.trust;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The identifying fields of a certificate, as logged, stored and shown in receipts.
 *
 * @param subject the subject distinguished name (RFC 2253)
 * @param issuer the issuer distinguished name (RFC 2253)
 * @param serialNumber the serial number in lower-case hexadecimal
 * @param sha256 the SHA-256 fingerprint of the DER encoding, lower-case hexadecimal without colons
 */
public record CertificateSummary(String subject, String issuer, String serialNumber, String sha256) {

  public static CertificateSummary of(X509Certificate certificate) {
    return new CertificateSummary(
        certificate.getSubjectX500Principal().getName(),
        certificate.getIssuerX500Principal().getName(),
        certificate.getSerialNumber().toString(16),
        fingerprint(certificate));
  }

  /** Returns the SHA-256 fingerprint of the certificate's DER encoding in lower-case hex. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.of().formatHex(digest);
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot fingerprint a certificate", e);
    }
  }

  /** Describes the certificate for a problem detail or a log line. */
  public String describe() {
    return "subject '" + subject + "', issuer '" + issuer + "', serial " + serialNumber + ", SHA-256 " + sha256;
  }
}
