package io.countersign.signature.xml;

import static io.countersign.signature.xml.XmlSignatureVerifierTest.assertVerified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.PemFiles;
import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.xml.XmlCrypto.Algorithm;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the streaming verifier and signer against the in-memory ones and against xmlsec1 and
 * xml-crypto, on the real UBL documents and on a generated document of several megabytes. That
 * document has the constructs that canonicalization rewrites: namespaces declared on inner
 * elements, comments, CDATA, character references and attributes that need escaping.
 */
class StreamingXmlInteropTest {

  private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);

  private final XmlSignatureVerifier inMemory = new XmlSignatureVerifier(CLOCK);
  private final StreamingXmlSignatureVerifier streaming =
      new StreamingXmlSignatureVerifier(
          CLOCK, XmlSignaturePolicy.defaults(), XmlDocumentLimits.defaults());

  @TempDir Path directory;

  static Stream<String> ublDocuments() {
    return Conformance.ublDocuments().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ublDocuments")
  void verifyStreaming_signedInMemory_verified(String name) throws Exception {
    byte[] signed = TestDocuments.signed(name, TestPki.ACME_EC);

    assertVerified(streaming.verify(write("signed.xml", signed), "acme", registrations()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ublDocuments")
  void signStreaming_verifiedInMemoryAndByXmlsec1(String name) throws Exception {
    Path signed = signStreaming(write("unsigned.xml", Conformance.businessDocument(name)), TestPki.ACME_RSA);

    assertVerified(inMemory.verify(Files.readAllBytes(signed), "acme", registrations()));
    assertXmlsec1Verifies(signed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ublDocuments")
  void verifyStreaming_xmlCryptoSigned_verified(String name) throws Exception {
    byte[] signed = XmlCrypto.sign(Conformance.businessDocument(name), TestPki.ACME_EC, Algorithm.ECDSA);

    assertVerified(streaming.verify(write("signed.xml", signed), "acme", registrations()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS,
        Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS,
        Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS,
        Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS,
        Canonicalizer.ALGO_ID_C14N_EXCL_WITH_COMMENTS
      })
  void verifyStreaming_largeDocumentSignedByXmlsec1_verified(String canonicalization)
      throws Exception {
    Path unsigned = largeDocument(3_000_000);
    String document = Files.readString(unsigned);
    Path template =
        write(
            "template.xml",
            document
                .replace("</Invoice>", Xmlsec1.signatureTemplate(canonicalization, XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256) + "</Invoice>")
                .getBytes(StandardCharsets.UTF_8));
    Path signed = directory.resolve("xmlsec1-signed.xml");
    Path key = directory.resolve("key.pem");
    Path certificate = directory.resolve("certificate.pem");
    PemFiles.writePrivateKey(key, TestPki.ACME_EC.keyPair());
    PemFiles.writeCertificates(certificate, List.of(TestPki.ACME_EC.certificate()));
    Xmlsec1.Result result = Xmlsec1.sign(template, key, certificate, signed);
    assertEquals(0, result.exitCode(), result.output());

    assertVerified(streaming.verify(signed, "acme", registrations()));
    assertVerified(inMemory.verify(Files.readAllBytes(signed), "acme", registrations()));
  }

  @Test
  void verifyStreaming_exclusivePrefixList_verified() throws Exception {
    // The prefixes make the document element render declarations that it does not use, so the
    // digest matches only if the streaming canonicalization applies the list.
    byte[] signed =
        EnvelopedSignatureBuilder.signedBy(TestPki.ACME_EC)
            .canonicalization(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS)
            .inclusivePrefixes("cac cbc")
            .sign(Conformance.businessDocument(TestDocuments.INVOICE));

    assertVerified(inMemory.verify(signed, "acme", registrations()));
    assertVerified(streaming.verify(write("signed.xml", signed), "acme", registrations()));
  }

  @Test
  void signStreaming_largeDocument_verifiedByAllThree() throws Exception {
    Path signed = signStreaming(largeDocument(3_000_000), TestPki.ACME_EC);

    assertXmlsec1Verifies(signed);
    assertVerified(inMemory.verify(Files.readAllBytes(signed), "acme", registrations()));
    assertVerified(streaming.verify(signed, "acme", registrations()));
  }

  @Test
  void verifyStreaming_twoCanonicalizations_rejected() throws Exception {
    byte[] signed = signedWithTwoCanonicalizations(Conformance.businessDocument(TestDocuments.INVOICE));

    VerificationOutcome outcome =
        streaming.verify(write("signed.xml", signed), "acme", registrations());

    assertVerified(inMemory.verify(signed, "acme", registrations()));
    Rejection rejection = assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
    assertEquals(RejectionReason.TRANSFORM_NOT_ALLOWED, rejection.reason(), rejection.detail());
    assertTrue(rejection.detail().contains("which allows one"), rejection.detail());
  }

  @Test
  void verifyStreaming_longPrefixList_rejected() throws Exception {
    StringBuilder prefixes = new StringBuilder("cbc");
    for (int i = 0; i < StreamingXmlSignatureVerifier.MAX_INCLUSIVE_PREFIXES; i++) {
      prefixes.append(" p").append(i);
    }
    byte[] signed =
        EnvelopedSignatureBuilder.signedBy(TestPki.ACME_EC)
            .canonicalization(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS)
            .inclusivePrefixes(prefixes.toString())
            .sign(Conformance.businessDocument(TestDocuments.INVOICE));

    VerificationOutcome outcome =
        streaming.verify(write("signed.xml", signed), "acme", registrations());

    Rejection rejection = assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
    assertEquals(RejectionReason.TRANSFORM_NOT_ALLOWED, rejection.reason(), rejection.detail());
  }

  @Test
  void verifyStreaming_prefixListAtLimit_verified() throws Exception {
    StringBuilder prefixes = new StringBuilder("cbc");
    for (int i = 1; i < StreamingXmlSignatureVerifier.MAX_INCLUSIVE_PREFIXES; i++) {
      prefixes.append(" p").append(i);
    }
    byte[] signed =
        EnvelopedSignatureBuilder.signedBy(TestPki.ACME_EC)
            .canonicalization(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS)
            .inclusivePrefixes(prefixes.toString())
            .sign(Conformance.businessDocument(TestDocuments.INVOICE));

    assertVerified(streaming.verify(write("signed.xml", signed), "acme", registrations()));
  }

  @Test
  void verifyStreaming_changedByte_digestMismatch() throws Exception {
    Path signed = signStreaming(largeDocument(3_000_000), TestPki.ACME_EC);
    try (RandomAccessFile file = new RandomAccessFile(signed.toFile(), "rw")) {
      // The middle of the generated document is base64 text, where 'A' and 'B' are both valid.
      long middle = file.length() / 2;
      file.seek(middle);
      int original = file.read();
      file.seek(middle);
      file.write(original == 'A' ? 'B' : 'A');
    }

    VerificationOutcome outcome = streaming.verify(signed, "acme", registrations());

    Rejection rejection = assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
    assertEquals(RejectionReason.REFERENCE_DIGEST_MISMATCH, rejection.reason(), rejection.detail());
  }

  @Test
  void verifyStreaming_largeSignature_limitExceeded() throws Exception {
    // Many small elements in a ds:Object, each cheap to write and costly to keep as DOM nodes.
    String padding = "<ds:Object>" + "<a/>".repeat(SignatureCapture.MAX_SIGNATURE_CHARS) + "</ds:Object>";
    String signed =
        new String(TestDocuments.signed(TestDocuments.INVOICE, TestPki.ACME_EC), StandardCharsets.UTF_8);
    byte[] padded = signed.replace("</ds:Signature>", padding + "</ds:Signature>").getBytes(StandardCharsets.UTF_8);

    VerificationOutcome outcome = streaming.verify(write("padded.xml", padded), "acme", registrations());

    Rejection rejection = assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
    assertEquals(RejectionReason.DOCUMENT_LIMIT_EXCEEDED, rejection.reason(), rejection.detail());
  }

  /** Empty nodes count with their markup, so the limit bounds the number of nodes kept too. */
  @ParameterizedTest
  @ValueSource(strings = {"<a/>", "<!---->", "<?p?>", "<![CDATA[]]>"})
  void verifyStreaming_emptyNodes_limitExceeded(String node) throws Exception {
    String padding =
        "<ds:Object>" + node.repeat(SignatureCapture.MAX_SIGNATURE_CHARS / 4 + 1) + "</ds:Object>";
    String signed = signedInvoice();
    byte[] padded =
        signed
            .replace("</ds:Signature>", padding + "</ds:Signature>")
            .getBytes(StandardCharsets.UTF_8);

    VerificationOutcome outcome =
        streaming.verify(write("padded.xml", padded), "acme", registrations());

    Rejection rejection = assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
    assertEquals(RejectionReason.DOCUMENT_LIMIT_EXCEEDED, rejection.reason(), rejection.detail());
  }

  /**
   * Markup that the JDK's reader keeps whole in memory, twice as long as a reader may read for one
   * event, because the reader's read-ahead makes the limit inexact. Text and CDATA sections arrive
   * in pieces, so they have no such limit.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "<!--%s-->",
        "<?instruction %s?>",
        "<cbc:Note attribute=\"%s\"/>",
        "<cbc:Note>&#%s65;</cbc:Note>",
        "<cbc:Note%sattribute=\"1\"/>"
      })
  void verifyStreaming_longMarkup_limitExceeded(String markup) throws Exception {
    char filler = markup.contains("&#") ? '0' : markup.contains("Note%s") ? ' ' : 'x';
    String content = String.valueOf(filler).repeat(2 * XmlStreams.MAX_EVENT_BYTES);
    String signed = signedInvoice();
    byte[] document =
        signed
            .replace("<cbc:UBLVersionID>", markup.formatted(content) + "<cbc:UBLVersionID>")
            .getBytes(StandardCharsets.UTF_8);

    VerificationOutcome outcome =
        streaming.verify(write("long-markup.xml", document), "acme", registrations());

    Rejection rejection = assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
    assertEquals(RejectionReason.DOCUMENT_LIMIT_EXCEEDED, rejection.reason(), rejection.detail());
  }

  @Test
  void verifyStreaming_longProlog_limitExceeded() throws Exception {
    String signed = signedInvoice();
    String whitespace = " ".repeat(2 * XmlStreams.MAX_EVENT_BYTES);
    byte[] document =
        signed.replace("<Invoice ", whitespace + "<Invoice ").getBytes(StandardCharsets.UTF_8);

    VerificationOutcome outcome =
        streaming.verify(write("long-prolog.xml", document), "acme", registrations());

    Rejection rejection = assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
    assertEquals(RejectionReason.DOCUMENT_LIMIT_EXCEEDED, rejection.reason(), rejection.detail());
  }

  @Test
  void signStreaming_longComment_limitNamed() throws Exception {
    String comment = "<!--" + "x".repeat(2 * XmlStreams.MAX_EVENT_BYTES) + "-->";
    Path unsigned =
        write("unsigned.xml", ("<a>" + comment + "text</a>").getBytes(StandardCharsets.UTF_8));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> signStreaming(unsigned, TestPki.ACME_EC));

    assertTrue(
        e.getMessage().contains(String.valueOf(XmlStreams.MAX_EVENT_BYTES)), e.getMessage());
  }

  @Test
  void signStreaming_trailingComment_refused() throws Exception {
    Path unsigned =
        write("unsigned.xml", "<a>text</a><!-- after -->".getBytes(StandardCharsets.UTF_8));

    assertThrows(IllegalArgumentException.class, () -> signStreaming(unsigned, TestPki.ACME_EC));
  }

  /**
   * Writes a UBL invoice of about {@code bytes} bytes: the example invoice with embedded
   * attachments of base64 text, and the constructs that canonicalization rewrites.
   */
  private Path largeDocument(int bytes) throws IOException {
    String invoice =
        new String(Conformance.businessDocument(TestDocuments.INVOICE), StandardCharsets.UTF_8);
    int end = invoice.lastIndexOf("</Invoice>");
    Path file = directory.resolve("large.xml");
    Random random = new Random(7);
    byte[] chunk = new byte[57];
    try (Writer writer = Files.newBufferedWriter(file)) {
      writer.write(invoice, 0, end);
      writer.write(
          "<Extra xmlns=\"urn:example:extra\" xmlns:unused=\"urn:example:unused\" b='2' a=\"&lt;1&gt;\">"
              + "<!-- a comment --><![CDATA[<not markup> & more]]>&#x20AC;&#169;\r\n</Extra>\n");
      long written = end;
      int attachment = 0;
      while (written < bytes) {
        writer.write("<Attachment n=\"" + attachment++ + "\">\n");
        for (int line = 0; line < 10_000; line++) {
          random.nextBytes(chunk);
          writer.write(Base64.getEncoder().encodeToString(chunk));
          writer.write('\n');
        }
        writer.write("</Attachment>\n");
        written += 770_000;
      }
      writer.write("</Invoice>\n");
    }
    return file;
  }

  /** Signs with exclusive and then inclusive canonicalization after the enveloped transform. */
  private static byte[] signedWithTwoCanonicalizations(byte[] document) throws Exception {
    org.w3c.dom.Document dom = HardenedXmlParser.parse(document);
    XMLSignature signature =
        new XMLSignature(
            dom,
            "",
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
    dom.getDocumentElement().appendChild(signature.getElement());

    Transforms transforms = new Transforms(dom);
    transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
    transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
    transforms.addTransform(Transforms.TRANSFORM_C14N_OMIT_COMMENTS);
    signature.addDocument("", transforms, "http://www.w3.org/2001/04/xmlenc#sha256");
    signature.addKeyInfo(TestPki.ACME_EC.certificate());
    signature.sign(TestPki.ACME_EC.keyPair().getPrivate());
    return TestDocuments.serialize(dom);
  }

  private Path signStreaming(Path unsigned, IssuedCertificate signer) throws IOException {
    Path signed = directory.resolve("streaming-signed.xml");
    new StreamingXmlSigner(signer.keyPair().getPrivate(), signer.certificate()).sign(unsigned, signed);
    return signed;
  }

  private void assertXmlsec1Verifies(Path signed) throws Exception {
    Path authority = directory.resolve("ca.pem");
    PemFiles.writeCertificates(authority, List.of(TestPki.AUTHORITY.certificate()));
    Xmlsec1.Result result = Xmlsec1.verify(signed, authority);
    assertEquals(0, result.exitCode(), result.output());
  }

  private static String signedInvoice() {
    byte[] signed = TestDocuments.signed(TestDocuments.INVOICE, TestPki.ACME_EC);
    return new String(signed, StandardCharsets.UTF_8);
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(directory.resolve(name), content);
  }

  private static io.countersign.signature.SignerDirectory registrations() {
    return SignerRegistrations.standard();
  }
}
