package io.countersign.signature.xml;

import static io.countersign.signature.xml.EnvelopedSignatureBuilder.signedBy;
import static io.countersign.signature.xml.TestDocuments.INVOICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.VerificationOutcome;
import java.time.Clock;
import java.time.ZoneOffset;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.utils.Constants;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Verifies XAdES-BES and XAdES-EPES enveloped signatures and reads their signed properties. */
class XadesVerificationTest {

  private final XmlSignatureVerifier verifier =
      new XmlSignatureVerifier(Clock.fixed(TestPki.NOW, ZoneOffset.UTC));

  @Test
  void verifyWithDetails_xadesBes_returnsProperties() {
    byte[] document = signedBy(TestPki.ACME_EC).xades().sign(invoice());

    XadesProperties properties = assertXades(verify(document));

    assertEquals(TestPki.NOW, properties.signingTime());
    assertEquals(
        MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256,
        properties.signingCertificateDigestAlgorithm());
    assertTrue(properties.issuerSerialChecked());
    assertNull(properties.policyId());
  }

  @Test
  void verifyWithDetails_signingCertificateV2_verified() {
    byte[] document = signedBy(TestPki.ACME_RSA).signingCertificateV2().sign(invoice());

    XadesProperties properties = assertXades(verify(document));

    assertTrue(properties.issuerSerialChecked());
  }

  @Test
  void verifyWithDetails_xadesEpes_returnsPolicyId() {
    byte[] document = signedBy(TestPki.ACME_EC).policy("urn:example:policy:1").sign(invoice());

    XadesProperties properties = assertXades(verify(document));

    assertEquals("urn:example:policy:1", properties.policyId());
  }

  @Test
  void verifyWithDetails_rootIdReference_verified() {
    byte[] document = signedBy(TestPki.ACME_EC).rootId("invoice-1").xades().sign(invoice());

    assertXades(verify(document));
  }

  @Test
  void verifyWithDetails_offsetSigningTime_inUtc() {
    byte[] document =
        signedBy(TestPki.ACME_EC).signingTime("2026-01-02T03:04:05+02:00").sign(invoice());

    XadesProperties properties = assertXades(verify(document));

    assertEquals("2026-01-02T01:04:05Z", properties.signingTime().toString());
  }

  @Test
  void verifyWithDetails_plainSignature_noXadesProperties() {
    byte[] document = signedBy(TestPki.ACME_EC).sign(invoice());

    XmlVerificationDetails details = verify(document);

    assertInstanceOf(VerificationOutcome.Verified.class, details.outcome());
    assertTrue(details.xadesProperties().isEmpty());
  }

  @Test
  void verify_xadesBes_sameOutcomeAsDetails() {
    byte[] document = signedBy(TestPki.ACME_EC).xades().sign(invoice());

    VerificationOutcome outcome = verifier.verify(document, "acme", SignerRegistrations.standard());

    assertInstanceOf(VerificationOutcome.Verified.class, outcome);
  }

  @Test
  void verifyWithDetails_rejected_noXadesProperties() {
    byte[] document =
        signedBy(TestPki.ACME_EC).signingCertificateOf(TestPki.GLOBEX).sign(invoice());

    XmlVerificationDetails details = verify(document);

    assertRejected(RejectionReason.XADES_SIGNING_CERTIFICATE_MISMATCH, details);
    assertTrue(details.xadesProperties().isEmpty());
  }

  @Test
  void verify_signingTimeWithoutZone_propertiesInvalid() {
    byte[] document = signedBy(TestPki.ACME_EC).signingTime("2026-01-02T03:04:05").sign(invoice());

    assertRejected(RejectionReason.XADES_PROPERTIES_INVALID, verify(document));
  }

  @Test
  void verify_signingCertificateMissing_propertiesInvalid() {
    byte[] document =
        signedBy(TestPki.ACME_EC)
            .editSignedProperties(
                properties -> properties.removeChild(xadesChild(properties, "SigningCertificate")))
            .sign(invoice());

    assertRejected(RejectionReason.XADES_PROPERTIES_INVALID, verify(document));
  }

  @Test
  void verify_serialOfOtherCertificate_signingCertificateMismatch() {
    // The digest names the signer, but the serial number is another certificate's.
    String otherSerial = TestPki.GLOBEX.certificate().getSerialNumber().toString();
    byte[] document =
        signedBy(TestPki.ACME_EC)
            .editSignedProperties(
                properties -> serialNumber(properties).setTextContent(otherSerial))
            .sign(invoice());

    assertRejected(RejectionReason.XADES_SIGNING_CERTIFICATE_MISMATCH, verify(document));
  }

  @Test
  void verify_md5CertificateDigest_algorithmNotAllowed() {
    byte[] document =
        signedBy(TestPki.ACME_EC)
            .editSignedProperties(
                properties ->
                    digestMethod(properties)
                        .setAttributeNS(
                            null,
                            "Algorithm",
                            MessageDigestAlgorithm.ALGO_ID_DIGEST_NOT_RECOMMENDED_MD5))
            .sign(invoice());

    assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, verify(document));
  }

  @Test
  void verify_signedPropertiesChanged_digestMismatch() {
    byte[] signed = signedBy(TestPki.ACME_EC).xades().sign(invoice());
    byte[] document =
        TestDocuments.replaced(
            signed, TestPki.NOW.toString(), TestPki.NOW.plusSeconds(3600).toString());

    XmlVerificationDetails details = verify(document);

    assertRejected(RejectionReason.REFERENCE_DIGEST_MISMATCH, details);
    assertTrue(rejectionDetail(details).contains("SignedProperties"), rejectionDetail(details));
  }

  @Test
  void verify_expiredSignerWithXades_signerExpired() {
    byte[] document = signedBy(TestPki.ACME_EXPIRED).xades().sign(invoice());

    assertRejected(RejectionReason.SIGNER_CERTIFICATE_EXPIRED, verify(document));
  }

  private XmlVerificationDetails verify(byte[] document) {
    return verifier.verifyWithDetails(document, "acme", SignerRegistrations.standard());
  }

  private static byte[] invoice() {
    return Conformance.businessDocument(INVOICE);
  }

  private static Element xadesChild(Element parent, String localName) {
    return ChildElements.first(parent, EnvelopedSignatureBuilder.XADES, localName);
  }

  private static Element serialNumber(Element properties) {
    return (Element)
        properties.getElementsByTagNameNS(Constants.SignatureSpecNS, "X509SerialNumber").item(0);
  }

  private static Element digestMethod(Element properties) {
    return (Element)
        properties.getElementsByTagNameNS(Constants.SignatureSpecNS, "DigestMethod").item(0);
  }

  private static String rejectionDetail(XmlVerificationDetails details) {
    return ((VerificationOutcome.Rejected) details.outcome()).rejection().detail();
  }

  private static XadesProperties assertXades(XmlVerificationDetails details) {
    if (details.outcome() instanceof VerificationOutcome.Rejected rejected) {
      throw new AssertionError("Expected verified, but was rejected: " + rejected.rejection());
    }
    return details.xadesProperties().orElseThrow();
  }

  private static void assertRejected(RejectionReason expected, XmlVerificationDetails details) {
    var rejection =
        assertInstanceOf(VerificationOutcome.Rejected.class, details.outcome()).rejection();
    assertEquals(expected, rejection.reason(), rejection.detail());
  }
}
