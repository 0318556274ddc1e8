package io.countersign.trust;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The purpose of a partner certificate, which decides the key usage (RFC 5280 4.2.1.3) and extended
 * key usage (RFC 5280 4.2.1.12) it must have.
 *
 * <p>Every role requires the key usage extension. An end-entity certificate without it would allow
 * any use, which no partner CA should issue for these roles.
 */
public enum CertificateRole {
  /** A TLS client certificate: digitalSignature, and an extended key usage with clientAuth. */
  TLS_CLIENT,
  /**
   * A document signing certificate: digitalSignature or nonRepudiation. An extended key usage, if
   * present, must include documentSigning (RFC 9336), emailProtection or anyExtendedKeyUsage, so
   * TLS-only certificates are rejected.
   */
  DOCUMENT_SIGNING,
  /** A receipt signing certificate, with the same requirements as {@link #DOCUMENT_SIGNING}. */
  RECEIPT_SIGNING;

  private static final int DIGITAL_SIGNATURE = 0;
  private static final int NON_REPUDIATION = 1;

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
  private static final String DOCUMENT_SIGNING_PURPOSE = "1.3.6.1.5.5.7.3.36";
  private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

  private static final Set<String> SIGNING_PURPOSES =
      Set.of(DOCUMENT_SIGNING_PURPOSE, EMAIL_PROTECTION, ANY_EXTENDED_KEY_USAGE);

  /** Returns why {@code certificate} may not be used in this role, or empty if it may. */
  Optional<String> violation(X509Certificate certificate) {
    boolean[] keyUsage = certificate.getKeyUsage();
    if (keyUsage == null) {
      return Optional.of("has no key usage extension");
    }
    List<String> extendedKeyUsage = extendedKeyUsage(certificate);

    return switch (this) {
      case TLS_CLIENT -> tlsClientViolation(keyUsage, extendedKeyUsage);
      case DOCUMENT_SIGNING, RECEIPT_SIGNING -> signingViolation(keyUsage, extendedKeyUsage);
    };
  }

  private static Optional<String> tlsClientViolation(
      boolean[] keyUsage, List<String> extendedKeyUsage) {
    if (!keyUsage[DIGITAL_SIGNATURE]) {
      return Optional.of("lacks the digitalSignature key usage");
    }
    // The role is stated explicitly: anyExtendedKeyUsage does not count as clientAuth here.
    if (extendedKeyUsage == null || !extendedKeyUsage.contains(CLIENT_AUTH)) {
      return Optional.of("lacks the clientAuth extended key usage");
    }
    return Optional.empty();
  }

  private static Optional<String> signingViolation(
      boolean[] keyUsage, List<String> extendedKeyUsage) {
    if (!keyUsage[DIGITAL_SIGNATURE] && !keyUsage[NON_REPUDIATION]) {
      return Optional.of("lacks both the digitalSignature and the nonRepudiation key usage");
    }
    if (extendedKeyUsage != null
        && extendedKeyUsage.stream().noneMatch(SIGNING_PURPOSES::contains)) {
      return Optional.of(
          "has an extended key usage "
              + extendedKeyUsage
              + " without documentSigning, emailProtection or anyExtendedKeyUsage");
    }
    return Optional.empty();
  }

  private static List<String> extendedKeyUsage(X509Certificate certificate) {
    try {
      return certificate.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      // The JDK parsed the certificate already, so this extension alone is malformed.
      return List.of("malformed extended key usage");
    }
  }
}
