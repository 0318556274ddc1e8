package io.countersign.evidence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes certificates for the evidence columns: the DER encodings one after another, which the
 * JDK's X.509 {@link CertificateFactory#generateCertificates} reads back as a sequence.
 */
public final class DerCertificates {

  private DerCertificates() {}

  /** Returns the concatenated DER encodings, or {@code null} for an empty list. */
  public static byte[] encode(List<X509Certificate> certificates) {
    if (certificates.isEmpty()) {
      return null;
    }
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    for (X509Certificate certificate : certificates) {
      encoded.writeBytes(der(certificate));
    }
    return encoded.toByteArray();
  }

  /** Returns the certificates in {@code encoded}, or an empty list for {@code null}. */
  public static List<X509Certificate> decode(byte[] encoded) {
    if (encoded == null) {
      return List.of();
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate certificate :
          factory.generateCertificates(new ByteArrayInputStream(encoded))) {
        certificates.add((X509Certificate) certificate);
      }
      return certificates;
    } catch (CertificateException e) {
      // Only Countersign writes these columns, so a value it cannot read back is corrupt.
      throw new IllegalStateException("A stored certificate cannot be parsed", e);
    }
  }

  /** Returns the DER encoding of a certificate that the JDK parsed before. */
  public static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("A parsed certificate cannot be encoded", e);
    }
  }
}
