package io.countersign.signature.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.VerificationOutcome;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies trusted lists signed by real authorities (XAdES enveloped signatures) with the
 * production verifier, at each list's issue date, with the list's signer certificate registered,
 * and checks the published verdict of each.
 */
class SignedRealWorldTest {

  private static final Path DIRECTORY = Conformance.root().resolve("signed-real-world");

  /**
   * Lists that the production policy rejects although their signature is valid, with the reason.
   * Their verdict is checked with {@link LowLevelSignatureCheck} and the legacy algorithms instead.
   * The Peruvian list has three references: one to its KeyInfo certificate digested with SHA-1, one
   * to the SignedProperties and one to the document element by ID.
   */
  private static final Map<String, RejectionReason> REJECTED_BY_POLICY =
      Map.of("tsl-pe.xml", RejectionReason.REFERENCE_LIMIT_EXCEEDED);

  /** An ECDSA signature value (r = 1, s = 1) in DER, which no key verifies. */
  private static final byte[] PROBE_SIGNATURE = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};

  record Verdict(
      String file, String expected, Instant issued, Instant signingTime, String signerPem) {
    @Override
    public String toString() {
      return file + " (" + expected + ")";
    }
  }

  static Stream<Verdict> verdicts() throws IOException {
    try (JsonReader reader =
        Json.createReader(Files.newBufferedReader(DIRECTORY.resolve("verdicts.json")))) {
      return reader.readArray().stream()
          .map(JsonValue::asJsonObject)
          .map(SignedRealWorldTest::verdict)
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verdicts")
  void verifyWithDetails_trustedList_publishedVerdictHolds(Verdict verdict) throws Exception {
    X509Certificate signer = certificate(DIRECTORY.resolve(verdict.signerPem()));
    assumeJdkVerifies(verdict, signer);
    byte[] document = Files.readAllBytes(DIRECTORY.resolve(verdict.file()));

    XmlVerificationDetails details =
        verifier(verdict).verifyWithDetails(document, "publisher", registered(signer));

    if (REJECTED_BY_POLICY.containsKey(verdict.file())) {
      assertRejected(REJECTED_BY_POLICY.get(verdict.file()), details);
      assertValidWithLegacyAlgorithms(verdict, signer);
    } else if (verdict.expected().equals("valid")) {
      assertVerifiedXades(verdict, details);
    } else {
      assertRejected(RejectionReason.REFERENCE_DIGEST_MISMATCH, details);
    }
  }

  private static void assertVerifiedXades(Verdict verdict, XmlVerificationDetails details) {
    if (details.outcome() instanceof VerificationOutcome.Rejected rejected) {
      throw new AssertionError(verdict.file() + " was rejected: " + rejected.rejection());
    }
    XadesProperties properties = details.xadesProperties().orElseThrow();

    assertEquals(verdict.signingTime(), properties.signingTime());
    assertTrue(properties.issuerSerialChecked(), "issuer and serial checked");
  }

  private static void assertValidWithLegacyAlgorithms(Verdict verdict, X509Certificate signer)
      throws IOException {
    LowLevelSignatureCheck check =
        new LowLevelSignatureCheck(
            W3cConformanceTest.LEGACY_ALGORITHMS_FOR_W3C_VECTORS, DIRECTORY, Map.of());

    LowLevelSignatureCheck.Outcome outcome =
        check.check(DIRECTORY.resolve(verdict.file()), signature -> signer.getPublicKey());

    assertInstanceOf(LowLevelSignatureCheck.Valid.class, outcome, outcome.toString());
  }

  /**
   * Skips, with the reason printed, a list whose key the JDK cannot verify with. Santuario uses the
   * JDK's providers, and Temurin 25's SunEC accepts a brainpool key but throws "Curve not
   * supported" when it verifies, which the verifier reports as an invalid signature.
   */
  private static void assumeJdkVerifies(Verdict verdict, X509Certificate signer) {
    if (!signer.getPublicKey().getAlgorithm().equals("EC")) {
      return;
    }
    try {
      Signature probe = Signature.getInstance("SHA256withECDSA");
      probe.initVerify(signer.getPublicKey());
      probe.update(new byte[1]);
      probe.verify(PROBE_SIGNATURE);
    } catch (GeneralSecurityException e) {
      String reason =
          verdict.file()
              + " skipped: the JDK cannot verify ECDSA with its key ("
              + e.getMessage()
              + ")";
      System.out.println(reason);
      Assumptions.abort(reason);
    }
  }

  private static XmlSignatureVerifier verifier(Verdict verdict) {
    return new XmlSignatureVerifier(Clock.fixed(verdict.issued(), ZoneOffset.UTC));
  }

  private static SignerDirectory registered(X509Certificate signer) {
    return new SignerRegistrations(List.of(new RegisteredSigner("publisher", signer, null, null)));
  }

  private static void assertRejected(RejectionReason expected, XmlVerificationDetails details) {
    Rejection rejection =
        assertInstanceOf(VerificationOutcome.Rejected.class, details.outcome()).rejection();
    assertEquals(expected, rejection.reason(), rejection.detail());
  }

  private static Verdict verdict(JsonObject entry) {
    return new Verdict(
        entry.getString("file"),
        entry.getString("expected"),
        OffsetDateTime.parse(entry.getString("list_issue_date")).toInstant(),
        OffsetDateTime.parse(entry.getString("xades_signing_time")).toInstant(),
        entry.getJsonObject("signer_cert").getString("pem"));
  }

  private static X509Certificate certificate(Path pem) throws IOException, CertificateException {
    try (InputStream input = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(input);
    }
  }
}
