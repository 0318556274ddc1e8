package io.countersign.signature.xml;

import static io.countersign.signature.xml.TestDocuments.INVOICE;
import static io.countersign.signature.xml.TestDocuments.edited;
import static io.countersign.signature.xml.TestDocuments.replaced;
import static io.countersign.signature.xml.TestDocuments.signatureElement;
import static io.countersign.signature.xml.TestDocuments.signed;
import static io.countersign.signature.xml.TestDocuments.signedWithReferences;
import static io.countersign.signature.xml.TestDocuments.signer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.VerifiedSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class XmlSignatureVerifierTest {

  private static final String ENVELOPED = Transforms.TRANSFORM_ENVELOPED_SIGNATURE;
  private static final String EXCLUSIVE = Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS;
  private static final String X509_RAW = "http://www.w3.org/2000/09/xmldsig#rawX509Certificate";

  private final XmlSignatureVerifier verifier =
      new XmlSignatureVerifier(Clock.fixed(TestPki.NOW, ZoneOffset.UTC));
  private final SignerDirectory directory = SignerRegistrations.standard();

  static Stream<String> ublDocuments() {
    return Conformance.ublDocuments().stream();
  }

  // Accepted documents.

  @ParameterizedTest
  @MethodSource("ublDocuments")
  void verify_ublDocumentSignedWithEc_verified(String name) {
    assertVerified(verify(signed(name, TestPki.ACME_EC), "acme"));
  }

  @ParameterizedTest
  @MethodSource("ublDocuments")
  void verify_ublDocumentSignedWithRsa_verified(String name) {
    assertVerified(verify(signed(name, TestPki.ACME_RSA), "acme"));
  }

  @Test
  void verify_verified_reportsRegisteredSigner() {
    VerifiedSignature verified = assertVerified(verify(signed(INVOICE, TestPki.ACME_RSA), "acme"));

    assertEquals("xmldsig-enveloped", verified.format());
    assertEquals(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, verified.algorithm());
    assertEquals(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256, verified.digestAlgorithm());
    assertEquals(TestPki.ACME_RSA.certificate(), verified.signer());
    assertEquals("acme", verified.signerPartnerId());
    assertEquals(256, verified.signatureValue().length);
  }

  @Test
  void verify_sha512Digest_verified() {
    byte[] document =
        signer(TestPki.ACME_EC)
            .withDigestAlgorithm(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA512)
            .sign(Conformance.businessDocument(INVOICE));

    assertVerified(verify(document, "acme"));
  }

  @Test
  void verify_rsaPss_verified() {
    byte[] document =
        signer(TestPki.ACME_RSA)
            .withSignatureAlgorithm(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256_MGF1)
            .sign(Conformance.businessDocument(INVOICE));

    assertVerified(verify(document, "acme"));
  }

  @Test
  void verify_attributesReordered_verified() throws Exception {
    // The serializer rewrites attribute order and quoting, which canonicalization undoes.
    byte[] reserialized = edited(signed(INVOICE, TestPki.ACME_EC), document -> {});

    assertVerified(verify(reserialized, "acme"));
  }

  @Test
  void verify_noKeyInfo_verifiedWithPartnerSigners() throws Exception {
    byte[] document = withoutKeyInfo(signed(INVOICE, TestPki.ACME_EC));

    VerifiedSignature verified = assertVerified(verify(document, "acme"));

    assertEquals(TestPki.ACME_EC.certificate(), verified.signer());
  }

  // Parsing.

  @Test
  void verify_doctypeWithExternalEntity_dtdForbidden() {
    byte[] document =
        replaced(
            signed(INVOICE, TestPki.ACME_EC),
            "<Invoice ",
            "<!DOCTYPE Invoice [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n<Invoice ");

    assertRejected(RejectionReason.DOCUMENT_DTD_FORBIDDEN, verify(document, "acme"));
  }

  @Test
  void verify_doctypeWithoutEntities_dtdForbidden() {
    byte[] document = "<!DOCTYPE Invoice><Invoice/>".getBytes(StandardCharsets.UTF_8);

    assertRejected(RejectionReason.DOCUMENT_DTD_FORBIDDEN, verify(document, "acme"));
  }

  @Test
  void verify_truncatedDocument_malformed() {
    byte[] signed = signed(INVOICE, TestPki.ACME_EC);
    byte[] truncated = java.util.Arrays.copyOf(signed, signed.length / 2);

    assertRejected(RejectionReason.DOCUMENT_MALFORMED, verify(truncated, "acme"));
  }

  @Test
  void verify_emptyDocument_malformed() {
    assertRejected(RejectionReason.DOCUMENT_MALFORMED, verify(new byte[0], "acme"));
  }

  @Test
  void verify_malformed_detailHasPositionOnly() {
    byte[] document = "<Invoice>\n<a></b></Invoice>".getBytes(StandardCharsets.UTF_8);

    Rejection rejection = rejection(verify(document, "acme"));

    assertTrue(rejection.detail().contains("line 2"), rejection.detail());
    assertFalse(rejection.detail().contains("Exception"), rejection.detail());
    assertFalse(rejection.detail().contains("\n"), rejection.detail());
  }

  @Test
  void verify_nestingTooDeep_limitExceeded() {
    int depth = XmlDocumentLimits.defaults().maxElementDepth() + 1;
    String nested = "<a>".repeat(depth) + "</a>".repeat(depth);
    byte[] document =
        replaced(
            signed(INVOICE, TestPki.ACME_EC), "<cbc:UBLVersionID>", nested + "<cbc:UBLVersionID>");

    assertRejected(RejectionReason.DOCUMENT_LIMIT_EXCEEDED, verify(document, "acme"));
  }

  @Test
  void verify_externalDtdOnLoopback_notFetched() throws Exception {
    try (ServerSocket server = loopbackServer()) {
      String doctype =
          "<!DOCTYPE Invoice SYSTEM \"http://127.0.0.1:" + server.getLocalPort() + "/x.dtd\">";
      byte[] document =
          replaced(signed(INVOICE, TestPki.ACME_EC), "<Invoice ", doctype + "<Invoice ");

      VerificationOutcome outcome = verify(document, "acme");

      assertRejected(RejectionReason.DOCUMENT_DTD_FORBIDDEN, outcome);
      assertFalse(connected(server), "The verifier connected to the DTD's URL");
    }
  }

  @Test
  void verify_externalEntityOnLoopback_notFetched() throws Exception {
    try (ServerSocket server = loopbackServer()) {
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/secret";
      String doctype = "<!DOCTYPE Invoice [<!ENTITY % remote SYSTEM \"" + url + "\"> %remote;]>";
      byte[] document =
          replaced(signed(INVOICE, TestPki.ACME_EC), "<Invoice ", doctype + "<Invoice ");

      VerificationOutcome outcome = verify(document, "acme");

      assertRejected(RejectionReason.DOCUMENT_DTD_FORBIDDEN, outcome);
      assertFalse(connected(server), "The verifier connected to the entity's URL");
    }
  }

  // Locating the signature.

  @Test
  void verify_signatureRemoved_signatureMissing() throws Exception {
    byte[] document =
        edited(
            signed(INVOICE, TestPki.ACME_EC),
            dom -> dom.getDocumentElement().removeChild(signatureElement(dom, "Signature")));

    assertRejected(RejectionReason.SIGNATURE_MISSING, verify(document, "acme"));
  }

  @Test
  void verify_unsignedDocument_signatureMissing() {
    byte[] document = Conformance.businessDocument(INVOICE);

    assertRejected(RejectionReason.SIGNATURE_MISSING, verify(document, "acme"));
  }

  @Test
  void verify_twoSignatures_signatureAmbiguous() {
    byte[] twice = signer(TestPki.ACME_EC).sign(signed(INVOICE, TestPki.ACME_EC));

    assertRejected(RejectionReason.SIGNATURE_AMBIGUOUS, verify(twice, "acme"));
  }

  @Test
  void verify_signatureMovedIntoChild_notWholeDocument() throws Exception {
    byte[] document =
        edited(
            signed(INVOICE, TestPki.ACME_EC),
            dom -> {
              Element signature = signatureElement(dom, "Signature");
              Element wrapper = firstChildElement(dom.getDocumentElement());
              wrapper.appendChild(signature);
            });

    assertRejected(RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT, verify(document, "acme"));
  }

  @Test
  void verify_signatureIsDocumentElement_notWholeDocument() throws Exception {
    byte[] document =
        edited(
            signed(INVOICE, TestPki.ACME_EC),
            dom -> {
              Element signature = signatureElement(dom, "Signature");
              dom.replaceChild(signature, dom.getDocumentElement());
            });

    assertRejected(RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT, verify(document, "acme"));
  }

  // SignedInfo policy.

  @Test
  void verify_referenceToChildId_targetMisplaced() throws Exception {
    byte[] document =
        signedWithReferences(TestPki.ACME_EC, List.of("#part"), List.of(ENVELOPED, EXCLUSIVE));

    assertRejected(RejectionReason.REFERENCE_TARGET_MISPLACED, verify(document, "acme"));
  }

  @Test
  void verify_referenceToId_detailNamesUri() throws Exception {
    byte[] document =
        signedWithReferences(TestPki.ACME_EC, List.of("#part"), List.of(ENVELOPED, EXCLUSIVE));

    Rejection rejection = rejection(verify(document, "acme"));

    assertTrue(rejection.detail().contains("\"#part\""), rejection.detail());
  }

  @Test
  void verify_twoReferences_notWholeDocument() throws Exception {
    byte[] document =
        signedWithReferences(TestPki.ACME_EC, List.of("", ""), List.of(ENVELOPED, EXCLUSIVE));

    assertRejected(RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT, verify(document, "acme"));
  }

  @Test
  void verify_referenceWithoutUri_notWholeDocument() throws Exception {
    byte[] document =
        edited(
            signed(INVOICE, TestPki.ACME_EC),
            dom -> signatureElement(dom, "Reference").removeAttribute("URI"));

    assertRejected(RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT, verify(document, "acme"));
  }

  @Test
  void verify_rsaSha1Signature_algorithmNotAllowed() {
    byte[] document =
        signer(TestPki.ACME_RSA)
            .withSignatureAlgorithm(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1)
            .sign(Conformance.businessDocument(INVOICE));

    assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, verify(document, "acme"));
  }

  @Test
  void verify_sha1Digest_algorithmNotAllowed() {
    byte[] document =
        signer(TestPki.ACME_RSA)
            .withDigestAlgorithm(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1)
            .sign(Conformance.businessDocument(INVOICE));

    assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, verify(document, "acme"));
  }

  @Test
  void verify_rsaSha1Signature_detailNamesUri() {
    byte[] document =
        signer(TestPki.ACME_RSA)
            .withSignatureAlgorithm(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1)
            .sign(Conformance.businessDocument(INVOICE));

    Rejection rejection = rejection(verify(document, "acme"));

    assertTrue(
        rejection.detail().contains(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1), rejection.detail());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        XMLSignature.ALGO_ID_SIGNATURE_DSA,
        XMLSignature.ALGO_ID_MAC_HMAC_SHA256,
        XMLSignature.ALGO_ID_MAC_HMAC_NOT_RECOMMENDED_MD5,
        XMLSignature.ALGO_ID_SIGNATURE_NOT_RECOMMENDED_RSA_MD5,
        XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA1,
        "urn:example:unknown"
      })
  void verify_signatureMethodReplaced_algorithmNotAllowed(String algorithm) throws Exception {
    byte[] document =
        withAlgorithm(signed(INVOICE, TestPki.ACME_RSA), "SignatureMethod", algorithm);

    assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, verify(document, "acme"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        MessageDigestAlgorithm.ALGO_ID_DIGEST_NOT_RECOMMENDED_MD5,
        MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1,
        MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA224
      })
  void verify_digestMethodReplaced_algorithmNotAllowed(String algorithm) throws Exception {
    byte[] document = withAlgorithm(signed(INVOICE, TestPki.ACME_RSA), "DigestMethod", algorithm);

    assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, verify(document, "acme"));
  }

  @Test
  void verify_physicalCanonicalization_algorithmNotAllowed() throws Exception {
    byte[] document =
        withAlgorithm(
            signed(INVOICE, TestPki.ACME_RSA),
            "CanonicalizationMethod",
            Canonicalizer.ALGO_ID_C14N_PHYSICAL);

    assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, verify(document, "acme"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Transforms.TRANSFORM_XSLT,
        Transforms.TRANSFORM_XPATH,
        Transforms.TRANSFORM_XPATH2FILTER,
        Transforms.TRANSFORM_BASE64_DECODE
      })
  void verify_transformReplaced_transformNotAllowed(String transform) throws Exception {
    byte[] document =
        edited(
            signed(INVOICE, TestPki.ACME_EC),
            dom -> {
              var transforms = dom.getElementsByTagNameNS(Constants.SignatureSpecNS, "Transform");
              ((Element) transforms.item(1)).setAttributeNS(null, "Algorithm", transform);
            });

    assertRejected(RejectionReason.TRANSFORM_NOT_ALLOWED, verify(document, "acme"));
  }

  @Test
  void verify_noEnvelopedTransform_transformNotAllowed() throws Exception {
    byte[] document = signedWithReferences(TestPki.ACME_EC, List.of(""), List.of(EXCLUSIVE));

    assertRejected(RejectionReason.TRANSFORM_NOT_ALLOWED, verify(document, "acme"));
  }

  @Test
  void verify_envelopedTransformNotFirst_transformNotAllowed() throws Exception {
    byte[] document =
        signedWithReferences(TestPki.ACME_EC, List.of(""), List.of(EXCLUSIVE, ENVELOPED));

    assertRejected(RejectionReason.TRANSFORM_NOT_ALLOWED, verify(document, "acme"));
  }

  @Test
  void verify_signedInfoMissing_signatureMalformed() throws Exception {
    byte[] document =
        edited(
            signed(INVOICE, TestPki.ACME_EC),
            dom -> {
              Element signedInfo = signatureElement(dom, "SignedInfo");
              signedInfo.getParentNode().removeChild(signedInfo);
            });

    assertRejected(RejectionReason.SIGNATURE_MALFORMED, verify(document, "acme"));
  }

  // Signer resolution.

  @Test
  void verify_signerFromOtherAuthority_signerUnknown() {
    byte[] document = signed(INVOICE, TestPki.STRANGER);

    assertRejected(RejectionReason.SIGNER_CERTIFICATE_UNKNOWN, verify(document, "acme"));
  }

  @Test
  void verify_impostorWithOwnCertificate_signerUnknown() {
    // The impostor's certificate has acme's subject and issuer, but it is not the registered one.
    byte[] document = signed(INVOICE, TestPki.IMPOSTOR);

    assertRejected(RejectionReason.SIGNER_CERTIFICATE_UNKNOWN, verify(document, "acme"));
  }

  @Test
  void verify_impostorWithAcmeCertificate_signatureInvalid() {
    byte[] document =
        new XmlDocumentSigner(
                TestPki.IMPOSTOR.keyPair().getPrivate(), TestPki.ACME_EC.certificate())
            .sign(Conformance.businessDocument(INVOICE));

    assertRejected(RejectionReason.SIGNATURE_INVALID, verify(document, "acme"));
  }

  @Test
  void verify_noKeyInfoWrongPartner_signatureInvalid() throws Exception {
    byte[] document = withoutKeyInfo(signed(INVOICE, TestPki.ACME_EC));

    assertRejected(RejectionReason.SIGNATURE_INVALID, verify(document, "globex"));
  }

  @Test
  void verify_noKeyInfoUnregisteredPartner_signerUnknown() throws Exception {
    byte[] document = withoutKeyInfo(signed(INVOICE, TestPki.ACME_EC));

    assertRejected(RejectionReason.SIGNER_CERTIFICATE_UNKNOWN, verify(document, "initech"));
  }

  @Test
  void verify_keyValueOnly_notUsedToVerify() throws Exception {
    // Santuario writes the impostor's public key as KeyValue, which must not be trusted.
    byte[] document =
        edited(
            signed(INVOICE, TestPki.IMPOSTOR),
            dom -> {
              Element keyInfo = signatureElement(dom, "KeyInfo");
              keyInfo.removeChild(signatureElement(dom, "X509Data"));
              keyInfo.appendChild(keyValue(dom));
            });

    assertRejected(RejectionReason.SIGNATURE_INVALID, verify(document, "acme"));
  }

  @Test
  void verify_retrievalMethodOnLoopback_notFetched() throws Exception {
    try (ServerSocket server = loopbackServer()) {
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/certificate";
      byte[] document =
          edited(
              signed(INVOICE, TestPki.ACME_EC),
              dom -> {
                Element keyInfo = signatureElement(dom, "KeyInfo");
                keyInfo.removeChild(signatureElement(dom, "X509Data"));
                Element retrieval =
                    dom.createElementNS(Constants.SignatureSpecNS, "ds:RetrievalMethod");
                retrieval.setAttributeNS(null, "URI", url);
                retrieval.setAttributeNS(null, "Type", X509_RAW);
                keyInfo.appendChild(retrieval);
              });

      VerificationOutcome outcome = verify(document, "acme");

      assertRejected(RejectionReason.RETRIEVAL_METHOD_NOT_ALLOWED, outcome);
      assertFalse(connected(server), "The verifier connected to the RetrievalMethod's URL");
    }
  }

  @Test
  void verify_invalidKeyInfoCertificate_signatureMalformed() throws Exception {
    byte[] document =
        edited(
            signed(INVOICE, TestPki.ACME_EC),
            dom -> signatureElement(dom, "X509Certificate").setTextContent("bm90IGEgY2VydA=="));

    assertRejected(RejectionReason.SIGNATURE_MALFORMED, verify(document, "acme"));
  }

  // Digest and signature value.

  @Test
  void verify_bodyChanged_digestMismatch() {
    byte[] document = replaced(signed(INVOICE, TestPki.ACME_EC), "TOSL108", "TOSL109");

    assertRejected(RejectionReason.REFERENCE_DIGEST_MISMATCH, verify(document, "acme"));
  }

  @Test
  void verify_indentationChanged_digestMismatch() {
    byte[] document = replaced(signed(INVOICE, TestPki.ACME_EC), "\t<cbc:", "  <cbc:");

    assertRejected(RejectionReason.REFERENCE_DIGEST_MISMATCH, verify(document, "acme"));
  }

  @Test
  void verify_lineBreakAdded_digestMismatch() {
    byte[] document =
        replaced(
            signed(INVOICE, TestPki.ACME_EC),
            "<cbc:ID>TOSL108</cbc:ID>",
            "<cbc:ID>TOSL108</cbc:ID>\n");

    assertRejected(RejectionReason.REFERENCE_DIGEST_MISMATCH, verify(document, "acme"));
  }

  @Test
  void verify_commentAdded_verified() {
    // XML Signature removes comments when it dereferences URI "", so they are not signed.
    byte[] document =
        replaced(
            signed(INVOICE, TestPki.ACME_EC), "<cbc:ID>TOSL108", "<!-- note --><cbc:ID>TOSL108");

    assertVerified(verify(document, "acme"));
  }

  @Test
  void verify_signatureValueChanged_signatureInvalid() throws Exception {
    byte[] document = withSignatureValueBitFlipped(signed(INVOICE, TestPki.ACME_RSA), 10);

    assertRejected(RejectionReason.SIGNATURE_INVALID, verify(document, "acme"));
  }

  @Test
  void verify_everySignatureValueByteChanged_signatureInvalid() throws Exception {
    byte[] signed = signed(INVOICE, TestPki.ACME_EC);
    int length = assertVerified(verify(signed, "acme")).signatureValue().length;

    for (int i = 0; i < length; i++) {
      byte[] document = withSignatureValueBitFlipped(signed, i);
      assertRejected(RejectionReason.SIGNATURE_INVALID, verify(document, "acme"));
    }
  }

  @Test
  void verify_signedInfoChanged_signatureInvalid() throws Exception {
    // Re-indenting SignedInfo changes its canonical form, so the signature value no longer fits.
    byte[] document =
        edited(
            signed(INVOICE, TestPki.ACME_EC),
            dom -> {
              Element signedInfo = signatureElement(dom, "SignedInfo");
              signedInfo.insertBefore(dom.createTextNode("\n  "), signedInfo.getFirstChild());
            });

    assertRejected(RejectionReason.SIGNATURE_INVALID, verify(document, "acme"));
  }

  // Validity and partner binding.

  @Test
  void verify_expiredCertificate_signerExpired() {
    byte[] document = signed(INVOICE, TestPki.ACME_EXPIRED);

    assertRejected(RejectionReason.SIGNER_CERTIFICATE_EXPIRED, verify(document, "acme"));
  }

  @Test
  void verify_futureCertificate_signerNotYetValid() {
    byte[] document = signed(INVOICE, TestPki.ACME_FUTURE);

    assertRejected(RejectionReason.SIGNER_CERTIFICATE_NOT_YET_VALID, verify(document, "acme"));
  }

  @Test
  void verify_registrationEnded_signerExpired() {
    SignerDirectory ended =
        new SignerRegistrations(
            List.of(
                new RegisteredSigner(
                    "acme",
                    TestPki.ACME_EC.certificate(),
                    null,
                    TestPki.NOW.minus(Duration.ofHours(1)))));
    byte[] document = signed(INVOICE, TestPki.ACME_EC);

    assertRejected(
        RejectionReason.SIGNER_CERTIFICATE_EXPIRED, verifier.verify(document, "acme", ended));
  }

  @Test
  void verify_registrationNotStarted_signerNotYetValid() {
    SignerDirectory future =
        new SignerRegistrations(
            List.of(
                new RegisteredSigner(
                    "acme",
                    TestPki.ACME_EC.certificate(),
                    TestPki.NOW.plus(Duration.ofHours(1)),
                    null)));
    byte[] document = signed(INVOICE, TestPki.ACME_EC);

    assertRejected(
        RejectionReason.SIGNER_CERTIFICATE_NOT_YET_VALID,
        verifier.verify(document, "acme", future));
  }

  @Test
  void verify_globexForAcme_signerNotPartner() {
    byte[] document = signed(INVOICE, TestPki.GLOBEX);

    assertRejected(RejectionReason.SIGNER_NOT_PARTNER, verify(document, "acme"));
  }

  @Test
  void verify_globexForAcme_detailNamesPartners() {
    byte[] document = signed(INVOICE, TestPki.GLOBEX);

    Rejection rejection = rejection(verify(document, "acme"));

    assertTrue(rejection.detail().contains("'globex'"), rejection.detail());
    assertTrue(rejection.detail().contains("'acme'"), rejection.detail());
  }

  @Test
  void verify_globexForGlobex_verified() {
    assertVerified(verify(signed(INVOICE, TestPki.GLOBEX), "globex"));
  }

  private VerificationOutcome verify(byte[] document, String expectedPartnerId) {
    return verifier.verify(document, expectedPartnerId, directory);
  }

  static VerifiedSignature assertVerified(VerificationOutcome outcome) {
    if (outcome instanceof VerificationOutcome.Rejected rejected) {
      throw new AssertionError("Expected verified, but was rejected: " + rejected.rejection());
    }
    return assertInstanceOf(VerificationOutcome.Verified.class, outcome).signature();
  }

  private static void assertRejected(RejectionReason expected, VerificationOutcome outcome) {
    Rejection rejection = rejection(outcome);
    assertEquals(expected, rejection.reason(), rejection.detail());
  }

  private static Rejection rejection(VerificationOutcome outcome) {
    return assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
  }

  private static byte[] withoutKeyInfo(byte[] signed) throws Exception {
    return edited(
        signed,
        dom -> {
          Element keyInfo = signatureElement(dom, "KeyInfo");
          keyInfo.getParentNode().removeChild(keyInfo);
        });
  }

  private static byte[] withAlgorithm(byte[] signed, String localName, String algorithm)
      throws Exception {
    return edited(
        signed,
        dom -> signatureElement(dom, localName).setAttributeNS(null, "Algorithm", algorithm));
  }

  private static byte[] withSignatureValueBitFlipped(byte[] signed, int index) throws Exception {
    return edited(
        signed,
        dom -> {
          Element value = signatureElement(dom, "SignatureValue");
          byte[] bytes = Base64.getMimeDecoder().decode(value.getTextContent());
          bytes[index] ^= 0x01;
          value.setTextContent(Base64.getEncoder().encodeToString(bytes));
        });
  }

  private static Element keyValue(org.w3c.dom.Document dom) {
    var keyInfo = new org.apache.xml.security.keys.KeyInfo(dom);
    keyInfo.addKeyValue(TestPki.IMPOSTOR.keyPair().getPublic());
    return (Element)
        keyInfo.getElement().getElementsByTagNameNS(Constants.SignatureSpecNS, "KeyValue").item(0);
  }

  /** Opens a server on 127.0.0.1 whose backlog keeps every connection attempt for inspection. */
  private static ServerSocket loopbackServer() throws IOException {
    return new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
  }

  /** Returns whether anything connected, which the kernel queues even before accept is called. */
  private static boolean connected(ServerSocket server) throws IOException {
    server.setSoTimeout(200);
    try {
      server.accept().close();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private static Element firstChildElement(Element parent) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        return element;
      }
    }
    throw new IllegalArgumentException("No child element in " + parent.getTagName());
  }
}
