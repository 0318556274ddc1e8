package io.countersign.signature.jws;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A certificate authority and document signing certificates for JWS tests, issued once per run. */
final class JwsTestPki {

  /** The instant the tests verify at. Every certificate below is valid then unless named so. */
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static final Instant ISSUED = NOW.minus(Duration.ofDays(30));
  private static final Duration ONE_YEAR = Duration.ofDays(365);

  static final IssuedCertificate AUTHORITY =
      CertificateIssuer.selfSignedAuthority(
          "CN=Countersign JWS Test CA", CertificateIssuer.generateEcKeyPair(), ISSUED, ONE_YEAR);

  static final IssuedCertificate ACME_EC =
      signing("CN=Acme JWS EC", CertificateIssuer.generateEcKeyPair());
  static final IssuedCertificate ACME_RSA =
      signing("CN=Acme JWS RSA", CertificateIssuer.generateRsaKeyPair(2048));
  static final IssuedCertificate ACME_ED25519 =
      signing("CN=Acme JWS Ed25519", CertificateIssuer.generateEd25519KeyPair());
  static final IssuedCertificate GLOBEX =
      signing("CN=Globex JWS EC", CertificateIssuer.generateEcKeyPair());

  /** Registered to acme, but its validity ended the day before {@link #NOW}. */
  static final IssuedCertificate ACME_EXPIRED =
      CertificateIssuer.issue(
          AUTHORITY,
          "CN=Acme JWS Expired",
          CertificateIssuer.generateEcKeyPair(),
          Role.DOCUMENT_SIGNING,
          List.of(),
          NOW.minus(ONE_YEAR),
          ONE_YEAR.minusDays(1));

  /** Registered to acme, but valid only from the day after {@link #NOW}. */
  static final IssuedCertificate ACME_FUTURE =
      CertificateIssuer.issue(
          AUTHORITY,
          "CN=Acme JWS Future",
          CertificateIssuer.generateEcKeyPair(),
          Role.DOCUMENT_SIGNING,
          List.of(),
          NOW.plus(Duration.ofDays(1)),
          ONE_YEAR);

  /** Issued by the test authority, but registered to no partner. */
  static final IssuedCertificate STRANGER =
      signing("CN=Stranger JWS EC", CertificateIssuer.generateEcKeyPair());

  private JwsTestPki() {}

  static IssuedCertificate signing(String subject, KeyPair keyPair) {
    return CertificateIssuer.issue(
        AUTHORITY, subject, keyPair, Role.DOCUMENT_SIGNING, List.of(), ISSUED, ONE_YEAR);
  }

  /**
   * Wraps a public key whose private key the tests do not have, such as an RFC example key, in a
   * certificate of the test authority, so that it can be registered.
   */
  static IssuedCertificate wrap(String subject, PublicKey publicKey) {
    return signing(subject, new KeyPair(publicKey, null));
  }
}
