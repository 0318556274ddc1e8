package io.countersign.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stored OCSP responses, fetched from the test responder and verified again offline. */
class StoredOcspResponseVerifierTest {

  private final StoredOcspResponseVerifier verifier = new StoredOcspResponseVerifier();
  private RevocationServer server;
  private TestPki acme;
  private IssuedCertificate signer;
  private byte[] response;

  @BeforeEach
  void fetchResponse() throws Exception {
    server = new RevocationServer(TestPki.CLOCK);
    acme = new TestPki("Acme", server);
    signer = acme.leaf("Signing", Role.DOCUMENT_SIGNING);
    PathValidation.Valid valid =
        assertInstanceOf(
            PathValidation.Valid.class,
            new CertificatePathValidator(new RevocationChecker(TestPki.CLOCK))
                .validate(
                    signer.certificate(),
                    List.of(acme.intermediate.certificate()),
                    acme.anchors(),
                    CertificateRole.DOCUMENT_SIGNING,
                    TestPki.NOW,
                    RevocationPolicy.DEFAULT));
    response = valid.evidence().getFirst().ocspResponse();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void verify_atValidationTime_good() {
    StoredOcspResponseVerifier.Outcome outcome = verify(acme.intermediate, TestPki.NOW);

    StoredOcspResponseVerifier.Outcome.Verified verified =
        assertInstanceOf(StoredOcspResponseVerifier.Outcome.Verified.class, outcome);
    assertEquals(RevocationEvidence.Status.GOOD, verified.status());
    assertEquals(TestPki.NOW.minus(Duration.ofHours(1)), verified.thisUpdate());
  }

  @Test
  void verify_afterNextUpdate_untrusted() {
    StoredOcspResponseVerifier.Outcome outcome =
        verify(acme.intermediate, TestPki.NOW.plus(Duration.ofDays(2)));

    StoredOcspResponseVerifier.Outcome.Untrusted untrusted =
        assertInstanceOf(StoredOcspResponseVerifier.Outcome.Untrusted.class, outcome);
    assertTrue(untrusted.detail().contains("stale"), untrusted.detail());
  }

  @Test
  void verify_otherIssuer_untrusted() throws Exception {
    TestPki globex = new TestPki("Globex", server);

    StoredOcspResponseVerifier.Outcome outcome = verify(globex.intermediate, TestPki.NOW);

    assertInstanceOf(StoredOcspResponseVerifier.Outcome.Untrusted.class, outcome);
  }

  @Test
  void verify_changedByte_untrusted() {
    response[response.length - 10] ^= 0x01;

    StoredOcspResponseVerifier.Outcome outcome = verify(acme.intermediate, TestPki.NOW);

    assertInstanceOf(StoredOcspResponseVerifier.Outcome.Untrusted.class, outcome);
  }

  private StoredOcspResponseVerifier.Outcome verify(IssuedCertificate issuer, Instant at) {
    return verifier.verify(
        response, issuer.certificate(), signer.certificate().getSerialNumber(), at);
  }
}
