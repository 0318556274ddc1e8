package io.countersign.trust;

import static io.countersign.trust.CertificatePathValidatorTest.assertFailure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.RevocationLocations;
import io.countersign.pki.CertificateIssuer.Role;
import io.countersign.trust.RevocationEvidence.Source;
import io.countersign.trust.RevocationEvidence.Status;
import io.countersign.trust.RevocationServer.OcspSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Revocation checks against the test OCSP responder and CRL distribution point. */
class RevocationCheckTest {

  private final SettableClock clock = new SettableClock(TestPki.NOW);
  private RevocationServer server;
  private TestPki acme;
  private CertificatePathValidator validator;

  @BeforeEach
  void startPki() throws Exception {
    server = new RevocationServer(clock);
    acme = new TestPki("Acme", server);
    validator = new CertificatePathValidator(new RevocationChecker(clock));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void validate_ocspGood_validWithOcspEvidence() throws Exception {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);

    PathValidation.Valid valid =
        assertInstanceOf(PathValidation.Valid.class, validate(signer, RevocationPolicy.DEFAULT));

    assertEquals(2, valid.evidence().size());
    RevocationEvidence leaf = valid.evidence().getFirst();
    assertEquals(CertificateSummary.of(signer.certificate()), leaf.certificate());
    assertEquals(Source.OCSP, leaf.source());
    assertEquals(Status.GOOD, leaf.status());
    assertEquals(server.ocspUri(), leaf.location());
    assertEquals(TestPki.NOW.minus(Duration.ofHours(1)), leaf.thisUpdate());
    assertEquals(TestPki.NOW.plus(Duration.ofDays(1)), leaf.nextUpdate());
    assertEquals(TestPki.NOW, leaf.obtainedAt());
    assertEquals(OCSPResp.SUCCESSFUL, new OCSPResp(leaf.ocspResponse()).getStatus());
    RevocationEvidence intermediate = valid.evidence().get(1);
    assertEquals(
        CertificateSummary.of(acme.intermediate.certificate()), intermediate.certificate());
    assertEquals(Status.GOOD, intermediate.status());
    assertEquals(0, server.crlRequests());
  }

  @Test
  void validate_crlOnlyGood_validWithCrlEvidence() {
    IssuedCertificate signer =
        acme.leaf(
            acme.intermediate,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            acme.crlOnly());

    PathValidation.Valid valid =
        assertInstanceOf(PathValidation.Valid.class, validate(signer, RevocationPolicy.DEFAULT));

    RevocationEvidence leaf = valid.evidence().getFirst();
    assertEquals(Source.CRL, leaf.source());
    assertEquals(Status.GOOD, leaf.status());
    assertNotNull(leaf.crlNumber());
    assertNull(leaf.ocspResponse());
    assertEquals(TestPki.NOW.plus(Duration.ofDays(1)), leaf.nextUpdate());
    assertEquals(1, server.crlRequests());
  }

  @Test
  void validate_ocspFailing_fallsBackToCrl() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.failOcsp();

    PathValidation.Valid valid =
        assertInstanceOf(PathValidation.Valid.class, validate(signer, RevocationPolicy.DEFAULT));

    assertEquals(Source.CRL, valid.evidence().getFirst().source());
    assertEquals(Source.CRL, valid.evidence().get(1).source());
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        CRLReason.unspecified,
        CRLReason.keyCompromise,
        CRLReason.superseded,
        CRLReason.certificateHold,
        CRLReason.removeFromCRL
      })
  void validate_ocspRevoked_revoked(int reason) {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.revoke(signer.certificate(), reason);

    assertFailure(PathFailure.REVOKED, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_intermediateRevoked_revoked() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.revoke(acme.intermediate.certificate(), CRLReason.cACompromise);

    assertFailure(PathFailure.REVOKED, validate(signer, RevocationPolicy.DEFAULT));
  }

  @ParameterizedTest
  @ValueSource(ints = {CRLReason.unspecified, CRLReason.keyCompromise, CRLReason.removeFromCRL})
  void validate_crlRevoked_revoked(int reason) {
    IssuedCertificate signer =
        acme.leaf(
            acme.intermediate,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            acme.crlOnly());
    server.revoke(signer.certificate(), reason);

    assertFailure(PathFailure.REVOKED, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_ocspUnknown_revocationUnknown() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.markUnknown(signer.certificate());

    assertFailure(PathFailure.REVOCATION_UNKNOWN, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_serverDownFailClosed_unavailable() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.close();

    assertFailure(PathFailure.REVOCATION_UNAVAILABLE, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_serverDownFailOpen_validWithUnavailableEvidence() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.close();

    PathValidation result =
        validate(signer, RevocationPolicy.DEFAULT.acceptingUnreachableResponders());

    PathValidation.Valid valid = assertInstanceOf(PathValidation.Valid.class, result);
    assertEquals(2, valid.evidence().size());
    for (RevocationEvidence evidence : valid.evidence()) {
      assertEquals(Status.UNAVAILABLE, evidence.status());
      assertNull(evidence.thisUpdate());
    }
  }

  @Test
  void validate_noRevocationSourceFailClosed_unavailable() {
    IssuedCertificate signer =
        acme.leaf(
            acme.intermediate,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            RevocationLocations.NONE);

    assertFailure(PathFailure.REVOCATION_UNAVAILABLE, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_foreignResponderFailOpen_unavailable() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.signOcspWith(OcspSigner.FOREIGN_RESPONDER);

    // A forged response is never a pass, not even when unreachable responders are accepted.
    PathValidation result =
        validate(signer, RevocationPolicy.DEFAULT.acceptingUnreachableResponders());

    assertFailure(PathFailure.REVOCATION_UNAVAILABLE, result);
    assertEquals(0, server.crlRequests());
  }

  @Test
  void validate_foreignResponderForRevokedCertificate_unavailable() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.signOcspWith(OcspSigner.FOREIGN_RESPONDER);

    assertFailure(PathFailure.REVOCATION_UNAVAILABLE, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_delegatedResponder_valid() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.signOcspWith(OcspSigner.DELEGATED_RESPONDER);

    assertInstanceOf(PathValidation.Valid.class, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_responderWithoutOcspSigning_unavailable() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.signOcspWith(OcspSigner.RESPONDER_WITHOUT_OCSP_SIGNING);

    assertFailure(PathFailure.REVOCATION_UNAVAILABLE, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_ocspNonceReplaced_unavailable() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.replaceOcspNonce();

    assertFailure(PathFailure.REVOCATION_UNAVAILABLE, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_staleOcspResponse_unavailable() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.setOcspUpdateTimes(Duration.ofDays(2), Duration.ofHours(-1));

    assertFailure(PathFailure.REVOCATION_UNAVAILABLE, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_ocspResponseFromFuture_unavailable() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.setOcspUpdateTimes(Duration.ofHours(-1), Duration.ofDays(1));

    assertFailure(PathFailure.REVOCATION_UNAVAILABLE, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_staleCrl_unavailable() {
    IssuedCertificate signer =
        acme.leaf(
            acme.intermediate,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            acme.crlOnly());
    server.setCrlUpdateTimes(Duration.ofDays(2), Duration.ofHours(-1));

    assertFailure(PathFailure.REVOCATION_UNAVAILABLE, validate(signer, RevocationPolicy.DEFAULT));
  }

  @Test
  void validate_crlSignedByForeignKey_unavailable() {
    IssuedCertificate signer =
        acme.leaf(
            acme.intermediate,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            acme.crlOnly());
    server.signCrlsWithForeignKey();

    PathValidation result =
        validate(signer, RevocationPolicy.DEFAULT.acceptingUnreachableResponders());

    assertFailure(PathFailure.REVOCATION_UNAVAILABLE, result);
  }

  @Test
  void validate_secondValidation_servedFromCache() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    PathValidation.Valid first =
        assertInstanceOf(PathValidation.Valid.class, validate(signer, RevocationPolicy.DEFAULT));
    int requests = server.ocspRequests();

    PathValidation.Valid second =
        assertInstanceOf(PathValidation.Valid.class, validate(signer, RevocationPolicy.DEFAULT));

    assertEquals(2, requests);
    assertEquals(requests, server.ocspRequests());
    assertArrayEquals(
        first.evidence().getFirst().ocspResponse(), second.evidence().getFirst().ocspResponse());
  }

  @Test
  void validate_cachedCrl_servedFromCache() {
    IssuedCertificate signer =
        acme.leaf(
            acme.intermediate,
            "Signing",
            Role.DOCUMENT_SIGNING,
            TestPki.NOW.minus(Duration.ofDays(1)),
            TestPki.ONE_YEAR,
            acme.crlOnly());
    validate(signer, RevocationPolicy.DEFAULT);

    validate(signer, RevocationPolicy.DEFAULT);

    assertEquals(1, server.crlRequests());
  }

  @Test
  void validate_afterNextUpdate_fetchesAgain() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    validate(signer, RevocationPolicy.DEFAULT);
    clock.set(TestPki.NOW.plus(Duration.ofDays(1)).plusSeconds(1));

    PathValidation result =
        validator.validate(
            signer.certificate(),
            List.of(acme.intermediate.certificate()),
            acme.anchors(),
            CertificateRole.DOCUMENT_SIGNING,
            clock.instant(),
            RevocationPolicy.DEFAULT);

    assertInstanceOf(PathValidation.Valid.class, result);
    assertEquals(4, server.ocspRequests());
  }

  @Test
  void validate_revocationNotRequired_noRequests() {
    IssuedCertificate signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    server.revoke(signer.certificate(), CRLReason.keyCompromise);

    PathValidation result = validate(signer, RevocationPolicy.DEFAULT.withoutRevocationChecking());

    PathValidation.Valid valid = assertInstanceOf(PathValidation.Valid.class, result);
    assertEquals(List.of(), valid.evidence());
    assertEquals(0, server.ocspRequests());
  }

  @Test
  void revocationPolicy_default_failsClosed() {
    assertEquals(
        RevocationPolicy.UnreachableResponder.FAIL_CLOSED,
        RevocationPolicy.DEFAULT.unreachableResponder());
    assertEquals(true, RevocationPolicy.DEFAULT.revocationCheckRequired());
  }

  private PathValidation validate(IssuedCertificate signer, RevocationPolicy policy) {
    return validator.validate(
        signer.certificate(),
        List.of(acme.intermediate.certificate()),
        acme.anchors(),
        CertificateRole.DOCUMENT_SIGNING,
        TestPki.NOW,
        policy);
  }

  /** A clock that is fixed until a test sets it to another instant. */
  private static final class SettableClock extends Clock {

    private volatile Instant instant;

    SettableClock(Instant instant) {
      this.instant = instant;
    }

    void set(Instant instant) {
      this.instant = instant;
    }

    @Override
    public Instant instant() {
      return instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("The test clock is in UTC only");
    }
  }
}
