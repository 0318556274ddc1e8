package io.countersign.signature.xml;

import static io.countersign.signature.xml.TestDocuments.INVOICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.VerifiedSignature;
import io.countersign.signature.xml.XmlCrypto.Algorithm;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks interoperability with the npm package xml-crypto in both directions. Documents it signs
 * verify with {@link XmlSignatureVerifier}, and it verifies documents that {@link
 * XmlDocumentSigner} signs. Needs {@code node} on the PATH and {@code npm ci} run in src/test/node.
 * Without them the tests fail rather than skip.
 */
class XmlCryptoInteropTest {

  private final XmlSignatureVerifier verifier =
      new XmlSignatureVerifier(Clock.fixed(TestPki.NOW, ZoneOffset.UTC));

  static Stream<String> ublDocuments() {
    return Conformance.ublDocuments().stream();
  }

  // Signed by xml-crypto, verified by Countersign.

  @ParameterizedTest(name = "{0}")
  @MethodSource("ublDocuments")
  void verify_xmlCryptoSignedRsa_verified(String name) throws Exception {
    byte[] document =
        XmlCrypto.sign(Conformance.businessDocument(name), TestPki.ACME_RSA, Algorithm.RSA);

    VerifiedSignature verified = assertVerified(document);

    assertEquals(TestPki.ACME_RSA.certificate(), verified.signer());
    assertEquals("acme", verified.signerPartnerId());
    assertEquals(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, verified.algorithm());
    assertEquals(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256, verified.digestAlgorithm());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ublDocuments")
  void verify_xmlCryptoSignedEcdsa_verified(String name) throws Exception {
    byte[] document =
        XmlCrypto.sign(Conformance.businessDocument(name), TestPki.ACME_EC, Algorithm.ECDSA);

    VerifiedSignature verified = assertVerified(document);

    assertEquals(TestPki.ACME_EC.certificate(), verified.signer());
    assertEquals("acme", verified.signerPartnerId());
    assertEquals(XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256, verified.algorithm());
    assertEquals(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256, verified.digestAlgorithm());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void verify_xmlCryptoSignedThenChanged_digestMismatch(Algorithm algorithm) throws Exception {
    byte[] signed =
        XmlCrypto.sign(Conformance.businessDocument(INVOICE), signer(algorithm), algorithm);
    byte[] changed =
        TestDocuments.replaced(signed, "<cbc:ID>TOSL108</cbc:ID>", "<cbc:ID>TOSL109</cbc:ID>");

    VerificationOutcome outcome = verifier.verify(changed, "acme", SignerRegistrations.standard());

    Rejection rejection = assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
    assertEquals(RejectionReason.REFERENCE_DIGEST_MISMATCH, rejection.reason(), rejection.detail());
  }

  // Signed by Countersign, verified by xml-crypto.

  @ParameterizedTest(name = "{0}")
  @MethodSource("ublDocuments")
  void xmlCryptoVerify_documentSignerRsa_verified(String name) throws Exception {
    byte[] document = TestDocuments.signed(name, TestPki.ACME_RSA);

    XmlCrypto.Result result = XmlCrypto.verify(document, TestPki.ACME_RSA);

    assertEquals(0, result.exitCode(), result.output());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ublDocuments")
  void xmlCryptoVerify_documentSignerEcdsa_verified(String name) throws Exception {
    byte[] document = TestDocuments.signed(name, TestPki.ACME_EC);

    XmlCrypto.Result result = XmlCrypto.verify(document, TestPki.ACME_EC);

    assertEquals(0, result.exitCode(), result.output());
  }

  // Documents that xml-crypto-verify.mjs must reject, which show that its passes above can fail.

  @Test
  void xmlCryptoVerify_documentChanged_rejected() throws Exception {
    byte[] changed =
        TestDocuments.replaced(
            TestDocuments.signed(INVOICE, TestPki.ACME_EC),
            "<cbc:ID>TOSL108</cbc:ID>",
            "<cbc:ID>TOSL109</cbc:ID>");

    XmlCrypto.Result result = XmlCrypto.verify(changed, TestPki.ACME_EC);

    assertNotEquals(0, result.exitCode(), result.output());
  }

  @Test
  void xmlCryptoVerify_otherCertificate_rejected() throws Exception {
    // KeyInfo carries ACME_EC's certificate, so a script that used KeyInfo would verify it.
    byte[] document = TestDocuments.signed(INVOICE, TestPki.ACME_EC);

    XmlCrypto.Result result = XmlCrypto.verify(document, TestPki.GLOBEX);

    assertNotEquals(0, result.exitCode(), result.output());
  }

  private VerifiedSignature assertVerified(byte[] document) {
    VerificationOutcome outcome = verifier.verify(document, "acme", SignerRegistrations.standard());
    return XmlSignatureVerifierTest.assertVerified(outcome);
  }

  private static IssuedCertificate signer(Algorithm algorithm) {
    return algorithm == Algorithm.RSA ? TestPki.ACME_RSA : TestPki.ACME_EC;
  }
}
