package io.countersign.signature.xml;

import static io.countersign.signature.xml.TestDocuments.INVOICE;
import static io.countersign.signature.xml.TestDocuments.replaced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.VerificationOutcome;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the in-memory and the streaming verifier on the same bytes and checks that both reach the
 * expected outcome: both verify, or both reject for the same reason. The cases are shapes where the
 * DOM parser and Santuario's DOM code could part ways with the StAX reader and Santuario's StAX
 * canonicalization.
 */
class StreamingParityTest {

  /** Signed with URI "" and exclusive canonicalization, as XmlDocumentSigner signs. */
  private static final byte[] SIGNED = TestDocuments.signed(INVOICE, TestPki.ACME_EC);

  /** Signed with inclusive canonicalization, which renders every namespace declaration. */
  private static final byte[] SIGNED_INCLUSIVE =
      signedBy(Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS).sign(invoice());

  private static final byte[] SIGNED_C14N11 =
      signedBy(Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS).sign(invoice());

  private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
  private static final XmlSignatureVerifier IN_MEMORY = new XmlSignatureVerifier(CLOCK);
  private static final StreamingXmlSignatureVerifier STREAMING =
      new StreamingXmlSignatureVerifier(
          CLOCK, XmlSignaturePolicy.defaults(), XmlDocumentLimits.defaults());

  @TempDir static Path files;

  /** Produces one document. */
  @FunctionalInterface
  interface Shape {
    byte[] create() throws Exception;
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        // Encodings and layout, which the StAX reader and the DOM parser must read alike.
        shape("empty document", RejectionReason.DOCUMENT_MALFORMED, () -> new byte[0]),
        shape("UTF-8 byte order mark", null, () -> withByteOrderMark(SIGNED)),
        shape("UTF-16", null, () -> encoded(SIGNED, "UTF-16")),
        shape("ISO-8859-1", null, () -> encoded(SIGNED, "ISO-8859-1")),
        shape("EBCDIC", null, () -> encoded(SIGNED, "IBM037")),
        shape(
            "standalone declaration",
            null,
            () ->
                replaced(
                    SIGNED, "encoding=\"UTF-8\"?>", "encoding=\"UTF-8\" standalone=\"yes\"?>")),
        shape(
            "text after the root",
            RejectionReason.DOCUMENT_MALFORMED,
            () -> concatenate(SIGNED, "text")),
        shape("signature as the first child", null, StreamingParityTest::signatureFirst),
        shape(
            "signature as the document element",
            RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT,
            StreamingParityTest::signatureAsRoot),
        shape(
            "ds prefix declared on the root only",
            null,
            () ->
                onRoot(
                    replaced(SIGNED, " xmlns:ds=\"" + Constants.SignatureSpecNS + "\">", ">"),
                    "xmlns:ds=\"" + Constants.SignatureSpecNS + "\"")),
        shape(
            "xml:lang on the root, inclusive SignedInfo",
            null,
            () ->
                signedBy(Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS)
                    .sign(onRoot(invoice(), "xml:lang=\"en\" xml:space=\"preserve\""))),
        shape(
            "comment splitting signed text",
            null,
            () -> replaced(SIGNED, "<cbc:UBLVersionID>2.1", "<cbc:UBLVersionID>2<!---->.1")),
        shape(
            "comment inside SignedInfo",
            null,
            () -> replaced(SIGNED, "<ds:SignatureMethod", "<!-- c --><ds:SignatureMethod")),
        shape(
            "processing instruction inside SignedInfo",
            RejectionReason.SIGNATURE_INVALID,
            () -> replaced(SIGNED, "<ds:SignatureMethod", "<?p x?><ds:SignatureMethod")),
        shape(
            "undeclared entity in the signature",
            RejectionReason.DOCUMENT_MALFORMED,
            () -> replaced(SIGNED, "<ds:SignedInfo>", "<ds:SignedInfo>&undeclared;")),

        // CDATA sections.
        shape(
            "empty CDATA section in the document",
            null,
            () -> inDocument("<![CDATA[]]>")),
        shape(
            "CDATA section for document text",
            null,
            () -> replaced(SIGNED, "<cbc:UBLVersionID>2.1", "<cbc:UBLVersionID><![CDATA[2.1]]>")),
        shape(
            "DigestValue in a CDATA section",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () -> wrapText("DigestValue", "<![CDATA[", "]]>")),
        shape(
            "empty CDATA section inside DigestValue",
            null,
            () -> splitText("DigestValue", "<![CDATA[]]>")),

        // Namespace declarations with a relative URI, which Santuario's DOM canonicalization
        // rejects wherever they are declared outside the signature.
        shape(
            "unused relative namespace on the root",
            RejectionReason.SIGNATURE_MALFORMED,
            () -> onRoot("xmlns:r=\"relative\"")),
        shape(
            "unused relative namespace, inclusive canonicalization",
            RejectionReason.SIGNATURE_MALFORMED,
            () ->
                replaced(
                    SIGNED_INCLUSIVE, "<Invoice ", "<Invoice xmlns:r=\"relative\" ")),
        shape(
            "relative default namespace in use",
            RejectionReason.SIGNATURE_MALFORMED,
            () -> inDocument("<x xmlns=\"relative\"/>")),
        shape(
            "unused relative namespace deep inside",
            RejectionReason.SIGNATURE_MALFORMED,
            () -> inDocument("<cbc:Note xmlns:r=\"relative\"/>")),
        shape(
            "namespace URI starting with a colon",
            RejectionReason.SIGNATURE_MALFORMED,
            () -> onRoot("xmlns:r=\":relative\"")),
        shape(
            "relative namespace on KeyInfo",
            null,
            () -> replaced(SIGNED, "<ds:KeyInfo>", "<ds:KeyInfo xmlns:r=\"relative\">")),
        shape(
            "relative namespace on SignedInfo",
            RejectionReason.SIGNATURE_MALFORMED,
            () -> replaced(SIGNED, "<ds:SignedInfo>", "<ds:SignedInfo xmlns:r=\"relative\">")),

        // C14N 1.1, whose StAX implementation in Santuario leaves out xml:id and xml:base on the
        // first element it canonicalizes.
        shape(
            "xml:base and xml:id on the root, C14N 1.1",
            null,
            () ->
                signedBy(Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS)
                    .sign(onRoot(invoice(), "xml:base=\"https://example.com/\" xml:id=\"i1\""))),
        shape(
            "xml:base added to the root, C14N 1.1",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () -> onRoot(SIGNED_C14N11, "xml:base=\"https://forged.example/\"")),
        shape(
            "xml:base added to the root, exclusive SignedInfo",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () ->
                onRoot(
                    TestDocuments.signedWithReferences(
                        TestPki.ACME_EC,
                        List.of(""),
                        List.of(
                            Transforms.TRANSFORM_ENVELOPED_SIGNATURE,
                            Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS)),
                    "xml:base=\"https://forged.example/\"")),
        shape(
            "xml:id added to the root, C14N 1.1",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () -> onRoot(SIGNED_C14N11, "xml:id=\"forged\"")),
        shape(
            "xml:base added to the root, C14N 1.0",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () -> onRoot(SIGNED_INCLUSIVE, "xml:base=\"https://forged.example/\"")),

        // An InclusiveNamespaces PrefixList with #default, which renders the default namespace
        // on elements that do not use it, as signers do for QNames in content.
        shape(
            "PrefixList #default, signed",
            null,
            () -> signedWithDefaultPrefix(" xmlns=\"urn:example:types\"")),
        shape(
            "PrefixList #default, default namespace added",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () ->
                replaced(
                    signedWithDefaultPrefix(""),
                    "<p:Order ",
                    "<p:Order xmlns=\"urn:example:forged\" ")),

        // XML 1.1, whose names and namespace rules are wider than those of XML 1.0.
        shape("XML 1.1 declaration", null, () -> xml11(SIGNED)),
        shape("XML 1.1, inclusive canonicalization", null, () -> xml11(SIGNED_INCLUSIVE)),
        shape(
            "XML 1.1 name in the signature",
            null,
            () -> replaced(xml11(SIGNED), "</ds:KeyInfo>", "<a\u2070/></ds:KeyInfo>")),
        shape(
            "XML 1.1 name on the root",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () -> replaced(xml11(SIGNED), "<Invoice ", "<Invoice a\u2070=\"x\" ")),
        shape(
            "XML 1.1 prefix undeclared",
            null,
            () ->
                replaced(
                    xml11(SIGNED), "<cbc:UBLVersionID>", "<cbc:UBLVersionID xmlns:cac=\"\">")),
        shape(
            "XML 1.1 prefix undeclared, inclusive canonicalization",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () ->
                replaced(
                    xml11(SIGNED_INCLUSIVE),
                    "<cbc:UBLVersionID>",
                    "<cbc:UBLVersionID xmlns:cac=\"\">")),
        shape(
            "XML 1.1, 64 attributes with namespaces",
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            () ->
                replaced(
                    xml11(SIGNED),
                    "<cbc:UBLVersionID>",
                    "<cbc:UBLVersionID" + attributes(32, 32) + ">")),

        // Markup near the limit of what the streaming reader reads for one event.
        shape(
            "CDATA section beyond the event limit",
            null,
            () ->
                signedWith(
                    "<cbc:Note><![CDATA["
                        + "c".repeat(2 * XmlStreams.MAX_EVENT_BYTES)
                        + "]]></cbc:Note>")),
        shape(
            "comment just below the event limit",
            null,
            () -> inDocument("<!--" + "x".repeat(XmlStreams.MAX_EVENT_BYTES / 2) + "-->")),
        shape(
            "attribute just below the event limit",
            null,
            () ->
                signedWith(
                    "<cbc:Note a=\"" + "v".repeat(XmlStreams.MAX_EVENT_BYTES / 2) + "\"/>")),

        // Two faults at once, where the in-memory verifier parses the whole document before it
        // rejects a processing instruction outside the document element.
        shape(
            "processing instruction, then a DOCTYPE",
            RejectionReason.DOCUMENT_DTD_FORBIDDEN,
            () -> replaced(SIGNED, "<Invoice ", "<?p x?><!DOCTYPE Invoice><Invoice ")),
        shape(
            "processing instruction, then bad XML",
            RejectionReason.DOCUMENT_MALFORMED,
            () ->
                replaced(
                    replaced(SIGNED, "<Invoice ", "<?p x?><Invoice "), "</Invoice>", "</Inv>")),
        shape(
            "processing instruction, then deep nesting",
            RejectionReason.DOCUMENT_LIMIT_EXCEEDED,
            () ->
                replaced(
                    inDocument("<a>".repeat(100) + "</a>".repeat(100)),
                    "<Invoice ",
                    "<?p x?><Invoice ")),
        shape(
            "processing instruction after the root, no signature",
            RejectionReason.DOCUMENT_PROCESSING_INSTRUCTION_FORBIDDEN,
            () -> concatenate(Conformance.businessDocument(INVOICE), "<?p x?>")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void verify_bothVerifiers_sameOutcome(Shape shape, RejectionReason expected) throws Exception {
    byte[] document = shape.create();

    VerificationOutcome inMemory = IN_MEMORY.verify(document, "acme", registrations());
    VerificationOutcome streaming = STREAMING.verify(write(document), "acme", registrations());

    assertOutcome(expected, inMemory, "in memory");
    assertOutcome(expected, streaming, "streaming");
  }

  private static void assertOutcome(
      RejectionReason expected, VerificationOutcome outcome, String verifier) {
    if (expected == null) {
      assertInstanceOf(VerificationOutcome.Verified.class, outcome, verifier);
      return;
    }
    Rejection rejection =
        assertInstanceOf(VerificationOutcome.Rejected.class, outcome, verifier).rejection();
    assertEquals(expected, rejection.reason(), verifier + ": " + rejection.detail());
  }

  private static Arguments shape(String name, RejectionReason expected, Shape shape) {
    return Arguments.of(Named.of(name, shape), expected);
  }

  private static byte[] withByteOrderMark(byte[] document) {
    byte[] marked = new byte[document.length + 3];
    marked[0] = (byte) 0xEF;
    marked[1] = (byte) 0xBB;
    marked[2] = (byte) 0xBF;
    System.arraycopy(document, 0, marked, 3, document.length);
    return marked;
  }

  /** Returns the document in another encoding, with the XML declaration naming it. */
  private static byte[] encoded(byte[] document, String encoding) {
    String text = new String(document, StandardCharsets.UTF_8);
    return text.replace("encoding=\"UTF-8\"", "encoding=\"" + encoding + "\"")
        .getBytes(Charset.forName(encoding));
  }

  /** Moves the signature from the end of the document element to its start. */
  private static byte[] signatureFirst() {
    String document = new String(SIGNED, StandardCharsets.UTF_8);
    String signature = signature(document);
    String unsigned = document.replace(signature, "");
    int rootContent = unsigned.indexOf('>', unsigned.indexOf("<Invoice ")) + 1;
    String moved =
        unsigned.substring(0, rootContent) + signature + unsigned.substring(rootContent);
    return moved.getBytes(StandardCharsets.UTF_8);
  }

  /** Makes the signature the document element, with the invoice inside its ds:Object. */
  private static byte[] signatureAsRoot() {
    String document = new String(SIGNED, StandardCharsets.UTF_8);
    String signature = signature(document);
    String invoice = document.replace(signature, "");
    invoice = invoice.substring(invoice.indexOf("<Invoice "));
    String root =
        signature.replace("</ds:KeyInfo>", "</ds:KeyInfo><ds:Object>" + invoice + "</ds:Object>");
    return root.getBytes(StandardCharsets.UTF_8);
  }

  private static String signature(String document) {
    int end = document.indexOf("</ds:Signature>") + "</ds:Signature>".length();
    return document.substring(document.indexOf("<ds:Signature"), end);
  }

  private static byte[] concatenate(byte[] document, String markup) {
    return (new String(document, StandardCharsets.UTF_8) + markup).getBytes(StandardCharsets.UTF_8);
  }

  /** Signs the invoice with markup added before the document element's first child. */
  private static byte[] signedWith(String markup) {
    byte[] unsigned =
        replaced(
            Conformance.businessDocument(INVOICE),
            "<cbc:UBLVersionID>",
            markup + "<cbc:UBLVersionID>");
    return TestDocuments.signer(TestPki.ACME_EC).sign(unsigned);
  }

  /**
   * Signs a document whose default namespace only a QName in an attribute value uses, with
   * exclusive canonicalization and the PrefixList "#default".
   */
  private static byte[] signedWithDefaultPrefix(String defaultNamespace) {
    String document =
        "<p:Order xmlns:p=\"urn:example:order\""
            + defaultNamespace
            + "><p:Item type=\"Book\">1</p:Item></p:Order>";
    return EnvelopedSignatureBuilder.signedBy(TestPki.ACME_EC)
        .inclusivePrefixes("#default")
        .sign(document.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the document with its XML declaration changed to version 1.1. */
  private static byte[] xml11(byte[] document) {
    return replaced(document, "<?xml version=\"1.0\"", "<?xml version=\"1.1\"");
  }

  /** Returns a list of attributes and namespace declarations for a start tag. */
  private static String attributes(int attributes, int namespaces) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < attributes; i++) {
      list.append(" a").append(i).append("=\"x\"");
    }
    for (int i = 0; i < namespaces; i++) {
      list.append(" xmlns:n").append(i).append("=\"urn:example:").append(i).append("\"");
    }
    return list.toString();
  }

  /** Returns the signed document with attributes added to the document element's start tag. */
  private static byte[] onRoot(String attributes) {
    return onRoot(SIGNED, attributes);
  }

  private static byte[] onRoot(byte[] document, String attributes) {
    return replaced(document, "<Invoice ", "<Invoice " + attributes + " ");
  }

  private static byte[] invoice() {
    return Conformance.businessDocument(INVOICE);
  }

  /** Returns a signer whose SignedInfo and document reference use the canonicalization. */
  private static EnvelopedSignatureBuilder signedBy(String canonicalization) {
    return EnvelopedSignatureBuilder.signedBy(TestPki.ACME_EC).canonicalization(canonicalization);
  }

  /** Returns the signed document with markup added before the document element's first child. */
  private static byte[] inDocument(String markup) {
    return replaced(SIGNED, "<cbc:UBLVersionID>", markup + "<cbc:UBLVersionID>");
  }

  /** Returns the signed document with the text of a signature element between two strings. */
  private static byte[] wrapText(String localName, String before, String after) {
    String text = text(localName);
    return replaced(SIGNED, ">" + text + "<", ">" + before + text + after + "<");
  }

  /** Returns the signed document with markup in the middle of a signature element's text. */
  private static byte[] splitText(String localName, String markup) {
    String text = text(localName);
    int middle = text.length() / 2;
    return replaced(
        SIGNED,
        ">" + text + "<",
        ">" + text.substring(0, middle) + markup + text.substring(middle) + "<");
  }

  private static String text(String localName) {
    String document = new String(SIGNED, StandardCharsets.UTF_8);
    String start = "<ds:" + localName + ">";
    int from = document.indexOf(start) + start.length();
    return document.substring(from, document.indexOf("</ds:" + localName + ">", from));
  }

  private static Path write(byte[] document) throws Exception {
    Path file = Files.createTempFile(files, "document", ".xml");
    return Files.write(file, document);
  }

  private static SignerRegistrations registrations() {
    return SignerRegistrations.standard();
  }
}
