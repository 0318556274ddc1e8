package io.countersign.it;

import static io.countersign.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The XML intake path end to end: curl over real mutual TLS to the WAR on Payara Micro, with
 * documents signed by the project's signer and by xmlsec1, receipts checked with the npm package
 * jose.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DocumentIntakeIT {

  private static final String XML = "application/xml";
  /** Above the server's streaming threshold of 1 MiB, so these documents are spooled. */
  private static final int LARGE_BYTES = 3 * 1024 * 1024;

  @Deployment(testable = false)
  static WebArchive deployment() {
    File war = IntegrationEnvironment.war().toFile();
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }

  @Test
  void xmlsec1SignedInvoice_isAcceptedWithVerifiableReceipt() throws Exception {
    byte[] signed = SignedDocuments.signWithXmlsec1(SignedDocuments.invoice("xmlsec1"), "acme");

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", XML, signed);

    assertEquals(201, response.status(), response.text());
    JsonObject receipt = json(response);
    assertEquals("acme", receipt.getString("partner"));
    assertEquals(sha256(signed), receipt.getString("sha256"));
    assertEquals("xmldsig-enveloped", receipt.getJsonObject("signature").getString("format"));
    assertEquals(
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        receipt.getJsonObject("signature").getString("algorithm"));
    assertEquals("tls", receipt.getJsonObject("client").getString("source"));
    assertTrue(
        response.header("location").endsWith("/api/documents/" + receipt.getString("documentId")),
        response.header("location"));
    Receipts.assertVerifiesWithJose(response);
  }

  @Test
  void acceptXml_returnsXmlReceiptVerifiedByXmlsec1() throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("xml receipt"));

    Curl.Response response =
        Curl.asPartner("acme").post("/api/documents", XML, signed, "Accept: application/xml");

    assertEquals(201, response.status(), response.text());
    assertTrue(response.header("content-type").startsWith("application/xml"), response.header("content-type"));
    assertTrue(response.text().contains("<Sha256>" + sha256(signed) + "</Sha256>"), response.text());
    Path receipt = Files.write(IntegrationEnvironment.workDirectory().resolve("receipt-" + System.nanoTime() + ".xml"), response.body());
    Process xmlsec1 =
        new ProcessBuilder(
                "xmlsec1", "--verify", "--trusted-pem", IntegrationEnvironment.caCertificate().toString(), receipt.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(xmlsec1.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(xmlsec1.waitFor(60, TimeUnit.SECONDS), "xmlsec1 timed out");
    assertEquals(0, xmlsec1.exitValue(), output);
  }

  @Test
  void commandLineTool_signsSendsAndVerifiesReceipt() throws Exception {
    IntegrationEnvironment.PartnerKeys acme = IntegrationEnvironment.partner("acme");
    Path directory = Files.createDirectories(IntegrationEnvironment.workDirectory().resolve("cli"));
    Path invoice = Files.write(directory.resolve("invoice-" + System.nanoTime() + ".xml"), SignedDocuments.invoice("cli"));
    Path signed = directory.resolve(invoice.getFileName() + ".signed.xml");
    Path receipt = directory.resolve(invoice.getFileName() + ".receipt.json");
    String ca = IntegrationEnvironment.caCertificate().toString();

    String signOutput =
        CommandLineTool.run("sign", "--key", acme.signingKey().toString(), "--cert", acme.signingCertificate().toString(),
            "--out", signed.toString(), invoice.toString());
    String sendOutput =
        CommandLineTool.run("send", "--server", IntegrationEnvironment.baseUri().toString(), "--cert",
            acme.tlsCertificate().toString(), "--key", acme.tlsKey().toString(), "--cacert", ca,
            "--receipt", receipt.toString(), signed.toString());
    String verifyOutput =
        CommandLineTool.run("verify-receipt", "--receipt", receipt.toString(), "--ca", ca, "--document", signed.toString());

    assertTrue(Files.exists(signed), signOutput);
    assertTrue(sendOutput.contains("\"partner\":\"acme\""), sendOutput);
    assertTrue(Files.exists(Path.of(receipt + ".jws")), sendOutput);
    assertTrue(verifyOutput.contains("acme"), verifyOutput);
  }

  @Test
  void receiptAndContent_readableByOwnerOnly() throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("read back"));
    Curl.Response created = Curl.asPartner("acme").post("/api/documents", XML, signed);
    assertEquals(201, created.status(), created.text());
    String path = "/api/documents/" + json(created).getString("documentId");

    Curl.Response receipt = Curl.asPartner("acme").get(path);
    Curl.Response content = Curl.asPartner("acme").get(path + "/content");
    Curl.Response foreign = Curl.asPartner("globex").get(path + "/content");

    assertEquals(200, receipt.status());
    assertArrayEquals(created.body(), receipt.body());
    assertEquals(created.header("x-jws-signature"), receipt.header("x-jws-signature"));
    assertEquals(200, content.status());
    assertArrayEquals(signed, content.body());
    assertProblem(foreign, 404, "document-not-found");
  }

  @Test
  void sameSignedDocumentTwice_returnsOriginalReceipt() throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("duplicate"));

    Curl.Response first = Curl.asPartner("acme").post("/api/documents", XML, signed);
    Curl.Response second = Curl.asPartner("acme").post("/api/documents", XML, signed);

    assertEquals(201, first.status(), first.text());
    assertEquals(200, second.status(), second.text());
    assertArrayEquals(first.body(), second.body());
    assertEquals(first.header("x-jws-signature"), second.header("x-jws-signature"));
  }

  @Test
  void largeXml_isSpooledStoredAndReadBack() throws Exception {
    byte[] signed = largeSigned("acme", "large", LARGE_BYTES);

    Curl.Response first = Curl.asPartner("acme").post("/api/documents", XML, signed);
    Curl.Response second = Curl.asPartner("acme").post("/api/documents", XML, signed);

    assertEquals(201, first.status(), first.text());
    JsonObject receipt = json(first);
    assertEquals(sha256(signed), receipt.getString("sha256"));
    assertEquals(signed.length, receipt.getJsonNumber("size").longValueExact());
    Receipts.assertVerifiesWithJose(first);
    assertEquals(200, second.status(), second.text());
    assertArrayEquals(first.body(), second.body());
    assertEquals(first.header("x-jws-signature"), second.header("x-jws-signature"));
    Curl.Response content =
        Curl.asPartner("acme").get("/api/documents/" + receipt.getString("documentId") + "/content");
    assertEquals(200, content.status());
    assertEquals(Integer.toString(signed.length), content.header("content-length"));
    assertArrayEquals(signed, content.body());
    assertNoSpoolFiles();
  }

  @Test
  void missingStoredChunk_breaksOffContentAndBundle() throws Exception {
    byte[] signed = largeSigned("acme", "chunk removed later", LARGE_BYTES);
    Curl.Response created = Curl.asPartner("acme").post("/api/documents", XML, signed);
    assertEquals(201, created.status(), created.text());
    String path = "/api/documents/" + json(created).getString("documentId");

    deleteChunk(json(created).getString("documentId"), 1);

    IOException content =
        assertThrows(IOException.class, () -> Curl.asPartner("acme").get(path + "/content"));
    assertTrue(content.getMessage().startsWith("curl failed"), content.getMessage());
    assertBundleBrokenOff(path + "/evidence");
  }

  @Test
  void largeXmlTampered_isRejected() throws Exception {
    String signed = new String(largeSigned("acme", "large tamper", LARGE_BYTES), StandardCharsets.UTF_8);
    String tampered =
        signed.replace(
            "<cbc:PayableAmount currencyID=\"EUR\">729</cbc:PayableAmount>",
            "<cbc:PayableAmount currencyID=\"EUR\">7290</cbc:PayableAmount>");

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", XML, bytes(tampered));

    assertTrue(tampered.length() > 1024 * 1024, "above the streaming threshold");
    assertProblem(response, 422, "reference-digest-mismatch");
    assertNoSpoolFiles();
  }

  /**
   * Payara acknowledges the upload before the size check, then the server rejects the document and
   * closes the connection after reading at most 1 MiB more. The tool reports the 413 if it reads it
   * in time, and otherwise explains the closed connection with the partner's limit.
   */
  @Test
  void commandLineTool_overPartnerMax_reportsProblem() throws Exception {
    IntegrationEnvironment.PartnerKeys globex = IntegrationEnvironment.partner("globex");
    Path directory = Files.createDirectories(IntegrationEnvironment.workDirectory().resolve("cli"));
    Path signed =
        Files.write(
            directory.resolve("too-large-" + System.nanoTime() + ".xml"),
            largeSigned("globex", "too large for the tool", LARGE_BYTES));

    String output =
        CommandLineTool.runExpectingFailure(
            "send",
            "--server",
            IntegrationEnvironment.baseUri().toString(),
            "--cert",
            globex.tlsCertificate().toString(),
            "--key",
            globex.tlsKey().toString(),
            "--cacert",
            IntegrationEnvironment.caCertificate().toString(),
            signed.toString());

    boolean problem = output.contains("HTTP 413") && output.contains("problem:document-too-large");
    boolean explained = output.contains("closed while") && output.contains("maxDocumentBytes");
    assertTrue(problem || explained, output);
  }

  @Test
  void overPartnerMax_isRejectedWith413() throws Exception {
    byte[] signed = largeSigned("globex", "too large", LARGE_BYTES);

    Curl.Response response = Curl.asPartner("globex").post("/api/documents", XML, signed);

    String detail = assertProblem(response, 413, "document-too-large").getString("detail");
    assertTrue(
        detail.contains(signed.length + " bytes, but partner 'globex' may send at most 2097152 bytes"),
        detail);
    assertNoSpoolFiles();
  }

  @Test
  void chunkedOverPartnerMax_isRejectedWith413() throws Exception {
    byte[] signed = largeSigned("globex", "too large, chunked", LARGE_BYTES);

    Curl.Response response =
        Curl.asPartner("globex").post("/api/documents", XML, signed, "Transfer-Encoding: chunked");

    String detail = assertProblem(response, 413, "document-too-large").getString("detail");
    assertTrue(
        detail.contains("more than 2097152 bytes, but partner 'globex' may send at most 2097152 bytes"),
        detail);
    assertNoSpoolFiles();
  }

  @Test
  void unstoppableUploadOverPartnerMax_isCutOff() throws Exception {
    long bodyBytes = 500L * 1024 * 1024;

    UnstoppableUpload.Outcome withLength = UnstoppableUpload.post("globex", bodyBytes, false);
    UnstoppableUpload.Outcome chunked = UnstoppableUpload.post("globex", bodyBytes, true);

    assertEquals("HTTP/1.1 413 Request Entity Too Large", withLength.statusLine());
    assertTrue(withLength.sentBytes() < 64L * 1024 * 1024, withLength.sentBytes() + " bytes taken");
    assertEquals("HTTP/1.1 413 Request Entity Too Large", chunked.statusLine());
    assertTrue(chunked.sentBytes() < 64L * 1024 * 1024, chunked.sentBytes() + " bytes taken");
  }

  @Test
  void overServerMaxWithinPartnerMax_isAccepted() throws Exception {
    byte[] signed = largeSigned("initech", "above server max", 11 * 1024 * 1024);

    Curl.Response response = Curl.asPartner("initech").post("/api/documents", XML, signed);

    assertTrue(signed.length > 10 * 1024 * 1024, "above countersign.document.max-bytes");
    assertEquals(201, response.status(), response.text());
    assertEquals(sha256(signed), json(response).getString("sha256"));
    assertNoSpoolFiles();
  }

  @Test
  void bodyChangedAfterSigning_isRejected() throws Exception {
    String signed = new String(SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("tamper")), StandardCharsets.UTF_8);
    String tampered =
        signed.replace(
            "<cbc:PayableAmount currencyID=\"EUR\">729</cbc:PayableAmount>",
            "<cbc:PayableAmount currencyID=\"EUR\">7290</cbc:PayableAmount>");

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", XML, bytes(tampered));

    assertProblem(response, 422, "reference-digest-mismatch");
  }

  @Test
  void prettyPrintedAfterSigning_isRejected() throws Exception {
    String signed = new String(SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("pretty")), StandardCharsets.UTF_8);
    String reformatted = signed.replace("><", ">\n  <");

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", XML, bytes(reformatted));

    assertProblem(response, 422, "reference-digest-mismatch");
  }

  @Test
  void signatureRemoved_isRejected() throws Exception {
    String signed = new String(SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("unsigned")), StandardCharsets.UTF_8);
    String unsigned = signed.replaceAll("(?s)<ds:Signature.*</ds:Signature>", "");

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", XML, bytes(unsigned));

    assertProblem(response, 422, "signature-missing");
  }

  @Test
  void globexSignedOverAcmeTls_isRejected() throws Exception {
    byte[] signed = SignedDocuments.signerOf("globex").sign(SignedDocuments.invoice("confused deputy"));

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", XML, signed);

    JsonObject problem = assertProblem(response, 422, "signer-not-partner");
    assertTrue(problem.getString("detail").contains("globex"), problem.getString("detail"));
  }

  @Test
  void sha1Signature_isRejectedAsAlgorithmNotAllowed() throws Exception {
    byte[] signed =
        SignedDocuments.signerOf("acme")
            .withSignatureAlgorithm("http://www.w3.org/2000/09/xmldsig#rsa-sha1")
            .withDigestAlgorithm("http://www.w3.org/2000/09/xmldsig#sha1")
            .sign(SignedDocuments.invoice("sha1"));

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", XML, signed);

    JsonObject problem = assertProblem(response, 422, "algorithm-not-allowed");
    assertTrue(problem.getString("detail").contains("sha1"), problem.getString("detail"));
  }

  @Test
  void externalEntity_isRejectedAsDtdForbidden() throws Exception {
    String hostile =
        """
        <?xml version="1.0"?>
        <!DOCTYPE Invoice [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&secret;</Invoice>
        """;

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", XML, bytes(hostile));

    JsonObject problem = assertProblem(response, 400, "document-dtd-forbidden");
    assertTrue(!problem.getString("detail").contains("root:"), "the entity must not be expanded");
  }

  @Test
  void noClientCertificate_isRejectedWith401() throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("anonymous"));

    Curl.Response response = Curl.anonymous().post("/api/documents", XML, signed);

    assertProblem(response, 401, "client-certificate-missing");
  }

  @Test
  void unregisteredCaCertificate_isRejectedWith403() throws Exception {
    Path directory = Files.createDirectories(IntegrationEnvironment.workDirectory().resolve("rogue"));
    SignedDocuments.writeRogueClient(directory);
    byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("rogue"));

    Curl.Response response =
        Curl.withClientCertificate(directory.resolve("tls.pem"), directory.resolve("tls.key"))
            .post("/api/documents", XML, signed);

    JsonObject problem = assertProblem(response, 403, "client-certificate-unknown");
    assertTrue(problem.getString("detail").contains("Rogue CA"), problem.getString("detail"));
  }

  @Test
  void jsonMediaType_isRejectedWith415() throws Exception {
    Curl.Response response =
        Curl.asPartner("acme").post("/api/documents", "application/octet-stream", bytes("{}"));

    assertProblem(response, 415, "media-type-unsupported");
  }

  @Test
  void problems_carryRequestIdAsInstance() throws Exception {
    Curl.Response response = Curl.anonymous().get("/api/documents/unknown");

    JsonObject problem = assertProblem(response, 401, "client-certificate-missing");
    assertNotNull(response.header("x-request-id"));
    assertEquals("urn:uuid:" + response.header("x-request-id"), problem.getString("instance"));
  }

  /**
   * Deletes one content chunk of a stored document in the server's database, as a damaged or
   * tampered database would lack it.
   */
  private static void deleteChunk(String documentId, int index) throws Exception {
    // The embedded database's default password; the test PostgreSQL ignores it.
    try (Connection connection =
            DriverManager.getConnection(
                System.getProperty("countersign.datasource.url"),
                System.getProperty("countersign.datasource.user"),
                "countersign");
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM document_content WHERE document_id = ? AND chunk_index = ?")) {
      delete.setString(1, documentId);
      delete.setInt(2, index);
      assertEquals(1, delete.executeUpdate(), "chunk " + index + " of " + documentId);
    }
  }

  /**
   * Asserts that a bundle download broke off: curl reports the transfer as failed, or the zip it
   * received has no central directory.
   */
  private static void assertBundleBrokenOff(String path) throws Exception {
    Curl.Response bundle;
    try {
      bundle = Curl.asPartner("acme").get(path);
    } catch (IOException transferFailed) {
      assertTrue(transferFailed.getMessage().startsWith("curl failed"), transferFailed.getMessage());
      return;
    }
    Path file =
        Files.write(
            IntegrationEnvironment.workDirectory().resolve("broken-" + System.nanoTime() + ".zip"),
            bundle.body());
    assertThrows(ZipException.class, () -> new ZipFile(file.toFile()).close());
  }

  /** Returns an invoice of at least {@code minBytes} signed by the partner's signing key. */
  private static byte[] largeSigned(String partnerId, String note, int minBytes) throws Exception {
    return SignedDocuments.signerOf(partnerId).sign(SignedDocuments.largeInvoice(note, minBytes));
  }

  /** Asserts that the server deleted every spool file, whether it accepted or rejected. */
  private static void assertNoSpoolFiles() throws Exception {
    try (Stream<Path> files = Files.list(IntegrationEnvironment.spoolDirectory())) {
      assertEquals(List.of(), files.filter(file -> file.toString().endsWith(".spool")).toList());
    }
  }

  private static JsonObject json(Curl.Response response) {
    return Json.createReader(new StringReader(response.text())).readObject();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
