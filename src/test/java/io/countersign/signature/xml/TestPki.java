package io.countersign.signature.xml;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A certificate authority and document signing certificates, issued once per test run. */
final class TestPki {

  /**
   * The instant the tests verify at. Every certificate below is valid then unless its name says
   * otherwise. It is the real time because xmlsec1 checks certificates against the system clock.
   */
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private static final Instant ISSUED = NOW.minus(Duration.ofDays(30));
  private static final Duration ONE_YEAR = Duration.ofDays(365);

  static final IssuedCertificate AUTHORITY =
      CertificateIssuer.selfSignedAuthority(
          "CN=Countersign Test CA", CertificateIssuer.generateEcKeyPair(), ISSUED, ONE_YEAR);

  static final IssuedCertificate ACME_RSA = signing("CN=Acme Signing RSA", true, ISSUED, ONE_YEAR);
  static final IssuedCertificate ACME_EC = signing("CN=Acme Signing EC", false, ISSUED, ONE_YEAR);
  static final IssuedCertificate GLOBEX = signing("CN=Globex Signing", false, ISSUED, ONE_YEAR);

  /** Registered to acme, but its validity ended the day before {@link #NOW}. */
  static final IssuedCertificate ACME_EXPIRED =
      signing("CN=Acme Signing Expired", false, NOW.minus(ONE_YEAR), ONE_YEAR.minusDays(1));

  /** Registered to acme, but valid only from the day after {@link #NOW}. */
  static final IssuedCertificate ACME_FUTURE =
      signing("CN=Acme Signing Future", false, NOW.plus(Duration.ofDays(1)), ONE_YEAR);

  /**
   * Issued by the same authority with the same subject as {@link #ACME_EC}, but with another key
   * and registered to no partner.
   */
  static final IssuedCertificate IMPOSTOR = signing("CN=Acme Signing EC", false, ISSUED, ONE_YEAR);

  /** Issued by an authority that no partner uses, and registered to no partner. */
  static final IssuedCertificate STRANGER =
      CertificateIssuer.selfSignedAuthority(
          "CN=Stranger", CertificateIssuer.generateEcKeyPair(), ISSUED, ONE_YEAR);

  private TestPki() {}

  private static IssuedCertificate signing(
      String subject, boolean rsa, Instant notBefore, Duration validity) {
    var keyPair =
        rsa ? CertificateIssuer.generateRsaKeyPair(2048) : CertificateIssuer.generateEcKeyPair();
    return CertificateIssuer.issue(
        AUTHORITY, subject, keyPair, Role.DOCUMENT_SIGNING, List.of(), notBefore, validity);
  }
}
