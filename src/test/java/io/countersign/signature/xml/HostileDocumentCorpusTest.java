package io.countersign.signature.xml;

import static io.countersign.signature.xml.EnvelopedSignatureBuilder.signedBy;
import static io.countersign.signature.xml.TestDocuments.INVOICE;
import static io.countersign.signature.xml.TestDocuments.edited;
import static io.countersign.signature.xml.TestDocuments.replaced;
import static io.countersign.signature.xml.TestDocuments.signatureElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.VerificationOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Turns validly signed UBL invoices into hostile documents, one per attack shape, and checks that
 * the verifier rejects each with the reason for that shape. The base documents are verified first,
 * so that a rejection is the shape's doing.
 */
class HostileDocumentCorpusTest {

  private static final String ROOT_ID = "invoice-1";
  private static final String UBL_CBC =
      "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

  /** Signed with URI "", as XmlDocumentSigner signs. */
  private static final byte[] SIGNED = TestDocuments.signed(INVOICE, TestPki.ACME_EC);

  /** Signed by the Id of the document element, the form that signature wrapping attacks. */
  private static final byte[] SIGNED_BY_ROOT_ID =
      signedBy(TestPki.ACME_EC).rootId(ROOT_ID).sign(invoice());

  /** Signed with XAdES-BES signed properties. */
  private static final byte[] SIGNED_XADES = signedBy(TestPki.ACME_EC).xades().sign(invoice());

  private static final XmlSignatureVerifier VERIFIER =
      new XmlSignatureVerifier(Clock.fixed(TestPki.NOW, ZoneOffset.UTC));

  private static final StreamingXmlSignatureVerifier STREAMING_VERIFIER =
      new StreamingXmlSignatureVerifier(
          Clock.fixed(TestPki.NOW, ZoneOffset.UTC),
          XmlSignaturePolicy.defaults(),
          XmlDocumentLimits.defaults());

  @TempDir static Path files;

  /** Produces one hostile document. */
  @FunctionalInterface
  interface Shape {
    byte[] create() throws Exception;
  }

  @BeforeAll
  static void baseDocumentsVerify() throws IOException {
    for (byte[] document : List.of(SIGNED, SIGNED_BY_ROOT_ID, SIGNED_XADES)) {
      assertInstanceOf(VerificationOutcome.Verified.class, verify(document));
      assertInstanceOf(VerificationOutcome.Verified.class, verifyStreaming(document));
    }
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        // Signature wrapping.
        shape(
            "signed element moved under a forged root",
            RejectionReason.REFERENCE_TARGET_MISPLACED,
            () -> wrapSignedRoot(false)),
        shape(
            "signed element wrapped in ds:Object",
            RejectionReason.REFERENCE_TARGET_MISPLACED,
            () -> wrapSignedRoot(true)),
        shape(
            "signed element copied beside forged content",
            RejectionReason.REFERENCE_ID_NOT_UNIQUE,
            HostileDocumentCorpusTest::copySignedRoot),
        shape(
            "signed document wrapped in another element",
            RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT,
            HostileDocumentCorpusTest::wrapWholeDocument),
        shape(
            "second element with the signed ID",
            RejectionReason.REFERENCE_ID_NOT_UNIQUE,
            HostileDocumentCorpusTest::duplicateRootId),
        shape(
            "ID on an element other than the document element",
            RejectionReason.REFERENCE_TARGET_MISPLACED,
            () ->
                TestDocuments.signedWithReferences(
                    TestPki.ACME_EC,
                    List.of("#part"),
                    List.of(Transforms.TRANSFORM_ENVELOPED_SIGNATURE, exclusive()))),
        shape(
            "reference resolved by XPointer",
            RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT,
            () -> withReferenceUri(SIGNED, "#xpointer(id('" + ROOT_ID + "'))")),
        shape(
            "XAdES SignedProperties moved out of the signature",
            RejectionReason.REFERENCE_TARGET_MISPLACED,
            HostileDocumentCorpusTest::moveSignedProperties),
        shape(
            "XAdES QualifyingProperties targeting another signature",
            RejectionReason.XADES_PROPERTIES_INVALID,
            () ->
                edited(
                    SIGNED_XADES, dom -> qualifyingProperties(dom).setAttribute("Target", "#x"))),
        shape(
            "XAdES SigningCertificate naming another certificate",
            RejectionReason.XADES_SIGNING_CERTIFICATE_MISMATCH,
            () -> signedBy(TestPki.ACME_EC).signingCertificateOf(TestPki.GLOBEX).sign(invoice())),

        // Signature structure and references.
        shape(
            "two signatures",
            RejectionReason.SIGNATURE_AMBIGUOUS,
            () -> TestDocuments.signer(TestPki.ACME_EC).sign(SIGNED)),
        shape(
            "second reference to part of the document",
            RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT,
            () ->
                TestDocuments.signedWithReferences(
                    TestPki.ACME_EC,
                    List.of("", "#part"),
                    List.of(Transforms.TRANSFORM_ENVELOPED_SIGNATURE, exclusive()))),
        shape(
            "references beyond the limit",
            RejectionReason.REFERENCE_LIMIT_EXCEEDED,
            () ->
                TestDocuments.signedWithReferences(
                    TestPki.ACME_EC,
                    List.of("", "", ""),
                    List.of(Transforms.TRANSFORM_ENVELOPED_SIGNATURE, exclusive()))),
        shape(
            "external http reference",
            RejectionReason.REFERENCE_EXTERNAL,
            () -> withReferenceUri(SIGNED, "http://127.0.0.1:9/invoice.xml")),
        shape(
            "relative file reference",
            RejectionReason.REFERENCE_EXTERNAL,
            () -> withReferenceUri(SIGNED, "invoice.xml")),
        shape(
            "XPath transform",
            RejectionReason.TRANSFORM_NOT_ALLOWED,
            () -> withSecondTransform(Transforms.TRANSFORM_XPATH)),
        shape(
            "XPath Filter 2 transform",
            RejectionReason.TRANSFORM_NOT_ALLOWED,
            () -> withSecondTransform(Transforms.TRANSFORM_XPATH2FILTER)),
        shape(
            "XSLT transform",
            RejectionReason.TRANSFORM_NOT_ALLOWED,
            () -> withSecondTransform(Transforms.TRANSFORM_XSLT)),
        shape(
            "KeyInfo RetrievalMethod",
            RejectionReason.RETRIEVAL_METHOD_NOT_ALLOWED,
            HostileDocumentCorpusTest::withRetrievalMethod),
        shape(
            "HMACOutputLength",
            RejectionReason.HMAC_OUTPUT_LENGTH_NOT_ALLOWED,
            HostileDocumentCorpusTest::withHmacOutputLength),
        shape(
            "KeyValue of another key only",
            RejectionReason.SIGNATURE_INVALID,
            HostileDocumentCorpusTest::signedByImpostorWithKeyValue),

        // Parsing and limits.
        shape(
            "DOCTYPE with internal subset",
            RejectionReason.DOCUMENT_DTD_FORBIDDEN,
            () -> beforeRoot("<!DOCTYPE Invoice [<!ELEMENT Invoice ANY>]>")),
        shape(
            "external entity",
            RejectionReason.DOCUMENT_DTD_FORBIDDEN,
            () -> beforeRoot("<!DOCTYPE Invoice [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>")),
        shape(
            "entity expansion",
            RejectionReason.DOCUMENT_DTD_FORBIDDEN,
            () -> beforeRoot(billionLaughs())),
        shape(
            "processing instruction before the root",
            RejectionReason.DOCUMENT_PROCESSING_INSTRUCTION_FORBIDDEN,
            () -> beforeRoot("<?xml-stylesheet type=\"text/xsl\" href=\"forged.xsl\"?>")),
        shape(
            "document beyond the size limit",
            RejectionReason.DOCUMENT_TOO_LARGE,
            HostileDocumentCorpusTest::beyondSizeLimit),
        shape(
            "nesting beyond the depth limit",
            RejectionReason.DOCUMENT_LIMIT_EXCEEDED,
            HostileDocumentCorpusTest::beyondDepthLimit),
        shape(
            "attributes beyond the per-element limit",
            RejectionReason.DOCUMENT_LIMIT_EXCEEDED,
            HostileDocumentCorpusTest::beyondAttributeLimit),

        // Algorithms below the allow list.
        shape(
            "RSA-SHA1 signature",
            RejectionReason.ALGORITHM_NOT_ALLOWED,
            () ->
                TestDocuments.signer(TestPki.ACME_RSA)
                    .withSignatureAlgorithm(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1)
                    .sign(invoice())),
        shape(
            "DSA-SHA1 signature method",
            RejectionReason.ALGORITHM_NOT_ALLOWED,
            () -> withAlgorithm("SignatureMethod", XMLSignature.ALGO_ID_SIGNATURE_DSA)),
        shape(
            "HMAC-SHA256 signature method",
            RejectionReason.ALGORITHM_NOT_ALLOWED,
            () -> withAlgorithm("SignatureMethod", XMLSignature.ALGO_ID_MAC_HMAC_SHA256)),
        shape(
            "MD5 digest",
            RejectionReason.ALGORITHM_NOT_ALLOWED,
            () ->
                withAlgorithm(
                    "DigestMethod", MessageDigestAlgorithm.ALGO_ID_DIGEST_NOT_RECOMMENDED_MD5)),
        shape(
            "SHA-1 digest",
            RejectionReason.ALGORITHM_NOT_ALLOWED,
            () ->
                TestDocuments.signer(TestPki.ACME_EC)
                    .withDigestAlgorithm(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1)
                    .sign(invoice())),

        // Changes after signing.
        shape(
            "whitespace changed after signing",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () -> replaced(SIGNED, "\t<cbc:", "  <cbc:")),
        shape(
            "XAdES SigningTime changed after signing",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () ->
                replaced(
                    SIGNED_XADES,
                    TestPki.NOW.toString(),
                    TestPki.NOW.minusSeconds(60).toString())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void verify_hostileDocument_rejectedWithShapeReason(Shape shape, RejectionReason expected)
      throws Exception {
    VerificationOutcome outcome = verify(shape.create());

    Rejection rejection = assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
    assertEquals(expected, rejection.reason(), rejection.detail());
  }

  /**
   * The streaming verifier, which takes documents too large for memory, rejects every shape for the
   * same reason. Size is left out: the intake limits the size before either verifier runs.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streamableCorpus")
  void verifyStreaming_hostileDocument_rejectedWithShapeReason(
      Shape shape, RejectionReason expected) throws Exception {
    VerificationOutcome outcome = verifyStreaming(shape.create());

    Rejection rejection = assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
    assertEquals(expected, rejection.reason(), rejection.detail());
  }

  static Stream<Arguments> streamableCorpus() {
    return corpus().filter(arguments -> arguments.get()[1] != RejectionReason.DOCUMENT_TOO_LARGE);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void wrappedSignedRoot_validWithoutTargetCheck(boolean inObject) throws Exception {
    // Santuario alone accepts the wrapped document, so only the target check rejects it.
    Document dom = HardenedXmlParser.parse(wrapSignedRoot(inObject));
    IdIndex.of(dom);
    XMLSignature signature = new XMLSignature(signatureElement(dom, "Signature"), "", true);

    assertTrue(signature.getSignedInfo().verify(false), "reference digest");
    assertTrue(signature.checkSignatureValue(TestPki.ACME_EC.certificate()), "signature value");
  }

  @Test
  void corpus_everyNewReason_covered() {
    List<RejectionReason> covered =
        corpus().map(arguments -> (RejectionReason) arguments.get()[1]).toList();

    for (RejectionReason reason :
        List.of(
            RejectionReason.DOCUMENT_PROCESSING_INSTRUCTION_FORBIDDEN,
            RejectionReason.DOCUMENT_LIMIT_EXCEEDED,
            RejectionReason.REFERENCE_EXTERNAL,
            RejectionReason.REFERENCE_ID_NOT_UNIQUE,
            RejectionReason.REFERENCE_TARGET_MISPLACED,
            RejectionReason.REFERENCE_LIMIT_EXCEEDED,
            RejectionReason.HMAC_OUTPUT_LENGTH_NOT_ALLOWED,
            RejectionReason.RETRIEVAL_METHOD_NOT_ALLOWED,
            RejectionReason.XADES_PROPERTIES_INVALID,
            RejectionReason.XADES_SIGNING_CERTIFICATE_MISMATCH)) {
      assertTrue(covered.contains(reason), reason.name());
    }
  }

  private static Arguments shape(String name, RejectionReason expected, Shape shape) {
    return Arguments.of(Named.of(name, shape), expected);
  }

  private static VerificationOutcome verify(byte[] document) {
    return VERIFIER.verify(document, "acme", SignerRegistrations.standard());
  }

  private static VerificationOutcome verifyStreaming(byte[] document) throws IOException {
    Path file = Files.createTempFile(files, "document", ".xml");
    Files.write(file, document);
    return STREAMING_VERIFIER.verify(file, "acme", SignerRegistrations.standard());
  }

  private static byte[] invoice() {
    return Conformance.businessDocument(INVOICE);
  }

  private static String exclusive() {
    return Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS;
  }

  /**
   * Builds a forged invoice as the new document element, keeps the signature on it and hides the
   * signed original, which still digests correctly, in a wrapper element or in a ds:Object.
   */
  private static byte[] wrapSignedRoot(boolean inObject) throws Exception {
    return edited(
        SIGNED_BY_ROOT_ID,
        dom -> {
          Element original = dom.getDocumentElement();
          Element signature = signatureElement(dom, "Signature");
          original.removeChild(signature);

          Element forged = forgedCopy(original);
          dom.replaceChild(forged, original);
          forged.appendChild(signature);

          Element hiding =
              inObject
                  ? dom.createElementNS(Constants.SignatureSpecNS, "ds:Object")
                  : dom.createElementNS(UBL_CBC, "cbc:Note");
          hiding.appendChild(original);
          (inObject ? signature : forged).appendChild(hiding);
        });
  }

  /** Keeps the signed document element but forges its content and adds the original as a copy. */
  private static byte[] copySignedRoot() throws Exception {
    return edited(
        SIGNED_BY_ROOT_ID,
        dom -> {
          Element root = dom.getDocumentElement();
          Element copy = (Element) root.cloneNode(true);
          copy.removeChild(ChildElements.first(copy, Constants.SignatureSpecNS, "Signature"));
          forge(root);
          root.insertBefore(copy, signatureElement(dom, "Signature"));
        });
  }

  private static byte[] wrapWholeDocument() throws Exception {
    return edited(
        SIGNED,
        dom -> {
          Element original = dom.getDocumentElement();
          Element envelope = dom.createElementNS("urn:example:envelope", "Envelope");
          dom.replaceChild(envelope, original);
          envelope.appendChild(original);
        });
  }

  private static byte[] duplicateRootId() throws Exception {
    return edited(
        SIGNED_BY_ROOT_ID,
        dom -> {
          Element note = dom.createElementNS(UBL_CBC, "cbc:Note");
          note.setAttributeNS(null, "Id", ROOT_ID);
          dom.getDocumentElement().insertBefore(note, signatureElement(dom, "Signature"));
        });
  }

  private static byte[] moveSignedProperties() throws Exception {
    return edited(
        SIGNED_XADES,
        dom -> {
          Element signedProperties =
              ChildElements.first(
                  qualifyingProperties(dom), EnvelopedSignatureBuilder.XADES, "SignedProperties");
          dom.getDocumentElement()
              .insertBefore(signedProperties, signatureElement(dom, "Signature"));
        });
  }

  private static Element qualifyingProperties(Document dom) {
    return (Element)
        dom.getElementsByTagNameNS(EnvelopedSignatureBuilder.XADES, "QualifyingProperties").item(0);
  }

  private static Element forgedCopy(Element original) {
    Element forged = (Element) original.cloneNode(true);
    forged.removeAttribute("Id");
    forge(forged);
    return forged;
  }

  /** Changes the invoice number, the kind of change that signature wrapping hides. */
  private static void forge(Element invoice) {
    Element id = ChildElements.first(invoice, UBL_CBC, "ID");
    id.setTextContent("FORGED-1");
  }

  private static byte[] withReferenceUri(byte[] signed, String uri) throws Exception {
    return edited(
        signed, dom -> signatureElement(dom, "Reference").setAttributeNS(null, "URI", uri));
  }

  private static byte[] withSecondTransform(String transform) throws Exception {
    return edited(
        SIGNED,
        dom -> {
          var transforms = dom.getElementsByTagNameNS(Constants.SignatureSpecNS, "Transform");
          ((Element) transforms.item(1)).setAttributeNS(null, "Algorithm", transform);
        });
  }

  private static byte[] withAlgorithm(String localName, String algorithm) throws Exception {
    return edited(
        SIGNED,
        dom -> signatureElement(dom, localName).setAttributeNS(null, "Algorithm", algorithm));
  }

  private static byte[] withRetrievalMethod() throws Exception {
    return edited(
        SIGNED,
        dom -> {
          Element retrieval = dom.createElementNS(Constants.SignatureSpecNS, "ds:RetrievalMethod");
          retrieval.setAttributeNS(null, "URI", "http://127.0.0.1:9/certificate.der");
          retrieval.setAttributeNS(
              null, "Type", "http://www.w3.org/2000/09/xmldsig#rawX509Certificate");
          signatureElement(dom, "KeyInfo").appendChild(retrieval);
        });
  }

  private static byte[] withHmacOutputLength() throws Exception {
    return edited(
        SIGNED,
        dom -> {
          Element method = signatureElement(dom, "SignatureMethod");
          method.setAttributeNS(null, "Algorithm", XMLSignature.ALGO_ID_MAC_HMAC_SHA1);
          Element length = dom.createElementNS(Constants.SignatureSpecNS, "ds:HMACOutputLength");
          length.setTextContent("40");
          method.appendChild(length);
        });
  }

  /** Signs with the impostor's key and offers only its KeyValue, which must never be used. */
  private static byte[] signedByImpostorWithKeyValue() throws Exception {
    return edited(
        TestDocuments.signed(INVOICE, TestPki.IMPOSTOR),
        dom -> {
          Element keyInfo = signatureElement(dom, "KeyInfo");
          keyInfo.removeChild(signatureElement(dom, "X509Data"));
          var replacement = new org.apache.xml.security.keys.KeyInfo(dom);
          replacement.addKeyValue(TestPki.IMPOSTOR.keyPair().getPublic());
          keyInfo.appendChild(
              replacement
                  .getElement()
                  .getElementsByTagNameNS(Constants.SignatureSpecNS, "KeyValue")
                  .item(0));
        });
  }

  private static byte[] beforeRoot(String prolog) {
    return replaced(SIGNED, "<Invoice ", prolog + "<Invoice ");
  }

  private static String billionLaughs() {
    StringBuilder doctype = new StringBuilder("<!DOCTYPE Invoice [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      doctype.append("<!ENTITY lol").append(i).append(" \"");
      doctype.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
    }
    return doctype.append("]>").toString();
  }

  private static byte[] beyondSizeLimit() {
    long limit = XmlDocumentLimits.defaults().maxDocumentBytes();
    String padding = "<!--" + " ".repeat(Math.toIntExact(limit)) + "-->";
    return (new String(SIGNED, StandardCharsets.UTF_8) + padding).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] beyondDepthLimit() {
    int depth = XmlDocumentLimits.defaults().maxElementDepth() + 1;
    String nested = "<a>".repeat(depth) + "</a>".repeat(depth);
    return replaced(SIGNED, "<cbc:UBLVersionID>", nested + "<cbc:UBLVersionID>");
  }

  private static byte[] beyondAttributeLimit() {
    StringBuilder attributes = new StringBuilder();
    for (int i = 0; i <= XmlDocumentLimits.defaults().maxAttributesPerElement(); i++) {
      attributes.append(" a").append(i).append("=\"x\"");
    }
    return replaced(SIGNED, "<cbc:UBLVersionID>", "<cbc:UBLVersionID" + attributes + ">");
  }
}
