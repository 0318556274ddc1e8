package io.countersign.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.RevocationLocations;
import io.countersign.pki.CertificateIssuer.Role;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Path building, validity, basic constraints, key usage and subject checks. */
class CertificatePathValidatorTest {

  private RevocationServer server;
  private TestPki acme;
  private CertificatePathValidator validator;

  @BeforeEach
  void startPki() throws Exception {
    server = new RevocationServer(TestPki.CLOCK);
    acme = new TestPki("Acme", server);
    validator = new CertificatePathValidator(new RevocationChecker(TestPki.CLOCK));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void validate_intermediateOnlyHinted_valid() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);

    PathValidation result =
        validate(signer.certificate(), List.of(acme.intermediate.certificate()), acme.anchors());

    PathValidation.Valid valid = assertInstanceOf(PathValidation.Valid.class, result);
    assertEquals(
        List.of(signer.certificate(), acme.intermediate.certificate()),
        valid.path().getCertificates());
    assertEquals(acme.root.certificate(), valid.anchor());
  }

  @Test
  void validate_intermediateOnlyRegistered_valid() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    TrustAnchorSet anchors =
        acme.anchors().withRegisteredIntermediates(List.of(acme.intermediate.certificate()));

    PathValidation result = validate(signer.certificate(), List.of(), anchors);

    PathValidation.Valid valid = assertInstanceOf(PathValidation.Valid.class, result);
    assertEquals(2, valid.path().getCertificates().size());
  }

  @Test
  void validate_intermediateMissing_noPath() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);

    PathValidation result = validate(signer.certificate(), List.of(), acme.anchors());

    assertFailure(PathFailure.NO_PATH_TO_ANCHOR, result);
  }

  @Test
  void validate_otherPartnersAnchor_noPath() {
    TestPki globex = new TestPki("Globex", server);
    IssuedCertificate globexSigner = globex.leaf("Signing", Role.DOCUMENT_SIGNING);

    PathValidation result =
        validate(
            globexSigner.certificate(),
            List.of(globex.intermediate.certificate(), globex.root.certificate()),
            acme.anchors());

    assertFailure(PathFailure.NO_PATH_TO_ANCHOR, result);
  }

  @Test
  void validate_hintedRootWithAnchorsName_noPath() {
    // An attacker's root that copies the name of Acme's root is only a hint, never an anchor.
    IssuedCertificate impostorRoot =
        CertificateIssuer.selfSignedAuthority(
            acme.root.certificate().getSubjectX500Principal().getName(),
            CertificateIssuer.generateEcKeyPair(),
            TestPki.NOW.minus(TestPki.ONE_YEAR),
            Duration.ofDays(3650),
            1);
    IssuedCertificate forged =
        acme.leaf(
            impostorRoot,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            RevocationLocations.NONE);

    PathValidation result =
        validate(forged.certificate(), List.of(impostorRoot.certificate()), acme.anchors());

    assertFailure(PathFailure.NO_PATH_TO_ANCHOR, result);
  }

  @Test
  void validate_expiredIntermediate_expired() {
    IssuedCertificate expired =
        acme.intermediate(
            "Old Issuing CA", TestPki.NOW.minus(TestPki.ONE_YEAR), TestPki.ONE_YEAR.minusDays(1));
    IssuedCertificate signer =
        acme.leaf(
            expired,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(60)),
            TestPki.ONE_YEAR,
            acme.bothLocations());

    PathValidation result =
        validate(signer.certificate(), List.of(expired.certificate()), acme.anchors());

    assertFailure(PathFailure.EXPIRED, result);
  }

  @Test
  void validate_expiredLeaf_expired() {
    IssuedCertificate signer =
        acme.leaf(
            acme.intermediate,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(40)),
            Duration.ofDays(30),
            acme.bothLocations());

    assertFailure(
        PathFailure.EXPIRED, validateWithIntermediate(signer, CertificateRole.DOCUMENT_SIGNING));
  }

  @Test
  void validate_leafNotYetValid_notYetValid() {
    IssuedCertificate signer =
        acme.leaf(
            acme.intermediate,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.plus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            acme.bothLocations());

    assertFailure(
        PathFailure.NOT_YET_VALID,
        validateWithIntermediate(signer, CertificateRole.DOCUMENT_SIGNING));
  }

  @Test
  void validate_expiredAnchor_expired() {
    IssuedCertificate oldRoot =
        CertificateIssuer.selfSignedAuthority(
            "CN=Acme Old Root",
            CertificateIssuer.generateEcKeyPair(),
            TestPki.NOW.minus(Duration.ofDays(400)),
            TestPki.ONE_YEAR,
            1);
    // The leaf outlives its root, so only the anchor's own validity fails.
    IssuedCertificate client =
        acme.leaf(
            oldRoot,
            "TLS",
            Role.TLS_CLIENT,
            TestPki.NOW.minus(Duration.ofDays(100)),
            TestPki.ONE_YEAR,
            RevocationLocations.NONE);

    PathValidation result =
        validator.validate(
            client.certificate(),
            List.of(),
            TrustAnchorSet.of(List.of(oldRoot.certificate())),
            CertificateRole.TLS_CLIENT,
            TestPki.NOW,
            RevocationPolicy.DEFAULT.withoutRevocationChecking());

    assertFailure(PathFailure.EXPIRED, result);
  }

  @Test
  void validate_tlsClientAsTlsClient_valid() {
    IssuedCertificate client = acme.leaf("TLS", Role.TLS_CLIENT);

    assertInstanceOf(
        PathValidation.Valid.class, validateWithIntermediate(client, CertificateRole.TLS_CLIENT));
  }

  @Test
  void validate_receiptSignerAsReceiptSigner_valid() {
    IssuedCertificate receipts = acme.leaf("Receipts", Role.RECEIPT_SIGNING);

    assertInstanceOf(
        PathValidation.Valid.class,
        validateWithIntermediate(receipts, CertificateRole.RECEIPT_SIGNING));
  }

  @Test
  void validate_serverAuthAsTlsClient_keyUsageNotAllowed() {
    IssuedCertificate server = acme.leaf("Server", Role.TLS_SERVER);

    assertFailure(
        PathFailure.KEY_USAGE_NOT_ALLOWED,
        validateWithIntermediate(server, CertificateRole.TLS_CLIENT));
  }

  @Test
  void validate_clientAuthAsDocumentSigner_keyUsageNotAllowed() {
    IssuedCertificate client = acme.leaf("TLS", Role.TLS_CLIENT);

    assertFailure(
        PathFailure.KEY_USAGE_NOT_ALLOWED,
        validateWithIntermediate(client, CertificateRole.DOCUMENT_SIGNING));
  }

  @Test
  void validate_serverAuthAsDocumentSigner_keyUsageNotAllowed() {
    IssuedCertificate server = acme.leaf("Server", Role.TLS_SERVER);

    assertFailure(
        PathFailure.KEY_USAGE_NOT_ALLOWED,
        validateWithIntermediate(server, CertificateRole.DOCUMENT_SIGNING));
  }

  @Test
  void validate_documentSignerAsTlsClient_keyUsageNotAllowed() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);

    assertFailure(
        PathFailure.KEY_USAGE_NOT_ALLOWED,
        validateWithIntermediate(signer, CertificateRole.TLS_CLIENT));
  }

  @Test
  void validate_issuerNotCa_basicConstraintsViolated() {
    IssuedCertificate notCa = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    IssuedCertificate signer =
        acme.leaf(
            notCa,
            "Sub Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            RevocationLocations.NONE);

    PathValidation result =
        validate(
            signer.certificate(),
            List.of(notCa.certificate(), acme.intermediate.certificate()),
            acme.anchors());

    assertFailure(PathFailure.BASIC_CONSTRAINTS_VIOLATED, result);
  }

  @Test
  void validate_pathLongerThanIntermediateAllows_basicConstraintsViolated() {
    // The intermediate has path length 0, so it may not issue another CA.
    IssuedCertificate subordinate =
        CertificateIssuer.issueAuthority(
            acme.intermediate,
            "CN=Acme Subordinate CA,O=Acme",
            CertificateIssuer.generateEcKeyPair(),
            0,
            TestPki.NOW.minus(Duration.ofDays(10)),
            TestPki.ONE_YEAR,
            RevocationLocations.NONE);
    IssuedCertificate signer =
        acme.leaf(
            subordinate,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            RevocationLocations.NONE);

    PathValidation result =
        validate(
            signer.certificate(),
            List.of(subordinate.certificate(), acme.intermediate.certificate()),
            acme.anchors());

    assertFailure(PathFailure.BASIC_CONSTRAINTS_VIOLATED, result);
  }

  @Test
  void validate_pathLongerThanAnchorAllows_basicConstraintsViolated() {
    // This overload issues a root with path length 0, which allows no intermediate CA.
    IssuedCertificate root =
        CertificateIssuer.selfSignedAuthority(
            "CN=Acme Flat Root",
            CertificateIssuer.generateEcKeyPair(),
            TestPki.NOW.minus(TestPki.ONE_YEAR),
            Duration.ofDays(3650));
    IssuedCertificate intermediate =
        CertificateIssuer.issueAuthority(
            root,
            "CN=Acme Flat Issuing CA",
            CertificateIssuer.generateEcKeyPair(),
            0,
            TestPki.NOW.minus(TestPki.ONE_YEAR),
            Duration.ofDays(3650),
            RevocationLocations.NONE);
    IssuedCertificate signer =
        acme.leaf(
            intermediate,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            RevocationLocations.NONE);

    PathValidation result =
        validate(
            signer.certificate(),
            List.of(intermediate.certificate()),
            TrustAnchorSet.of(List.of(root.certificate())));

    assertFailure(PathFailure.BASIC_CONSTRAINTS_VIOLATED, result);
  }

  @Test
  void validate_registeredSubjectDiffers_subjectMismatch() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    TrustAnchorSet anchors =
        acme.anchors().withRequiredSubject(new X500Principal("CN=Acme Other Signing,O=Acme"));

    PathValidation result =
        validate(signer.certificate(), List.of(acme.intermediate.certificate()), anchors);

    assertFailure(PathFailure.SUBJECT_MISMATCH, result);
  }

  @Test
  void validate_registeredSubjectInOtherCase_valid() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    TrustAnchorSet anchors =
        acme.anchors().withRequiredSubject(new X500Principal("cn=ACME signing, o=acme"));

    PathValidation result =
        validate(signer.certificate(), List.of(acme.intermediate.certificate()), anchors);

    assertInstanceOf(PathValidation.Valid.class, result);
  }

  @Test
  void trustAnchorSet_endEntityAnchor_rejected() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);

    assertThrows(
        IllegalArgumentException.class, () -> TrustAnchorSet.of(List.of(signer.certificate())));
  }

  @Test
  void trustAnchorSet_noAnchors_rejected() {
    assertThrows(IllegalArgumentException.class, () -> TrustAnchorSet.of(List.of()));
  }

  private PathValidation validateWithIntermediate(IssuedCertificate leaf, CertificateRole role) {
    return validator.validate(
        leaf.certificate(),
        List.of(acme.intermediate.certificate()),
        acme.anchors(),
        role,
        TestPki.NOW,
        RevocationPolicy.DEFAULT);
  }

  private PathValidation validate(
      X509Certificate leaf, List<X509Certificate> hints, TrustAnchorSet anchors) {
    return validator.validate(
        leaf,
        hints,
        anchors,
        CertificateRole.DOCUMENT_SIGNING,
        TestPki.NOW,
        RevocationPolicy.DEFAULT);
  }

  static void assertFailure(PathFailure expected, PathValidation result) {
    PathValidation.Invalid invalid = assertInstanceOf(PathValidation.Invalid.class, result);
    assertEquals(expected, invalid.reason(), invalid.detail());
  }
}
