package io.countersign.it;

import static io.countersign.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.bundle.BundleContents;
import io.countersign.bundle.BundleLayout;
import io.countersign.bundle.BundleReader;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Evidence bundles over real mutual TLS: downloaded with curl, then verified without the server by
 * the command-line tool, xmlsec1 and the npm package jose.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EvidenceBundleIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    File war = IntegrationEnvironment.war().toFile();
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }

  @Test
  void xmlDocument_bundleVerifiesOffline() throws Exception {
    byte[] signed = SignedDocuments.signWithXmlsec1(invoice(), "acme");
    String id = post("acme", "application/xml", signed);

    Path bundle = download("acme", id);
    BundleContents contents = BundleReader.read(Files.readAllBytes(bundle));

    assertEquals(BundleLayout.MIMETYPE_ENTRY, contents.names().getFirst());
    assertTrue(contents.firstEntryStored());
    for (String entry :
        List.of(
            BundleLayout.MANIFEST,
            "document.xml",
            BundleLayout.RECEIPT,
            BundleLayout.RECEIPT_SIGNATURE,
            BundleLayout.VERIFICATION,
            BundleLayout.SIGNER_CERTIFICATES,
            BundleLayout.CLIENT_CERTIFICATE)) {
      assertTrue(contents.entry(entry).isPresent(), entry + " in " + contents.names());
    }
    assertArrayEquals(signed, contents.entry("document.xml").orElseThrow());
    JsonObject report = json(contents.entry(BundleLayout.VERIFICATION).orElseThrow());
    assertEquals(id, report.getString("documentId"));
    assertEquals("acme", report.getString("partner"));

    String output = verifyBundle(bundle);
    assertTrue(output.contains("OK      document-signature"), output);
    assertTrue(output.contains("OK      signer-path"), output);
    assertXmlsec1Verifies(extract(contents, "document.xml"));
    assertJoseVerifiesReceipt(contents);
  }

  @Test
  void largeXmlDocument_bundleVerifiesOffline() throws Exception {
    byte[] signed =
        SignedDocuments.signerOf("acme")
            .sign(SignedDocuments.largeInvoice("large evidence bundle", 3 * 1024 * 1024));
    String id = post("acme", "application/xml", signed);

    Path bundle = download("acme", id);
    BundleContents contents = BundleReader.read(Files.readAllBytes(bundle));

    assertTrue(signed.length > 1024 * 1024, "above the streaming threshold");
    assertArrayEquals(signed, contents.entry("document.xml").orElseThrow());
    String output = verifyBundle(bundle);
    assertTrue(output.contains("OK      document-signature"), output);
    assertTrue(output.contains("OK      receipt-document-digest"), output);
  }

  @Test
  void compactJws_bundleVerifiesOffline() throws Exception {
    String jws = JoseSigner.sign("compact", "acme", order(), "RS256", "{}");
    String id = post("acme", "application/jose", ascii(jws));

    Path bundle = download("acme", id);
    BundleContents contents = BundleReader.read(Files.readAllBytes(bundle));

    assertArrayEquals(ascii(jws), contents.entry("document.jws").orElseThrow());
    String output = verifyBundle(bundle);
    assertTrue(output.contains("OK      document-signature"), output);
    assertTrue(output.contains("jws-compact with RS256"), output);
  }

  @Test
  void detachedJws_bundleCarriesSignatureAndVerifies() throws Exception {
    byte[] order = order();
    String jws = JoseSigner.sign("detached", "acme", order, "RS256", "{}");
    String id = post("acme", "application/json", order, "X-JWS-Signature: " + jws);

    Path bundle = download("acme", id);
    BundleContents contents = BundleReader.read(Files.readAllBytes(bundle));

    assertArrayEquals(order, contents.entry("document.json").orElseThrow());
    assertEquals(jws, ascii(contents.entry("document.json.jws").orElseThrow()));
    String output = verifyBundle(bundle);
    assertTrue(output.contains("OK      document-signature"), output);
  }

  @Test
  void otherPartner_getsNotFound() throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(invoice());
    String id = post("acme", "application/xml", signed);

    Curl.Response response = Curl.asPartner("globex").get("/api/documents/" + id + "/evidence");

    assertProblem(response, 404, "document-not-found");
  }

  /** Posts a document as the partner and returns its id from the receipt. */
  private static String post(String partnerId, String contentType, byte[] body, String... headers)
      throws Exception {
    Curl.Response response =
        Curl.asPartner(partnerId).post("/api/documents", contentType, body, headers);
    assertEquals(201, response.status(), response.text());
    return json(response.body()).getString("documentId");
  }

  private static Path download(String partnerId, String id) throws Exception {
    Curl.Response response = Curl.asPartner(partnerId).get("/api/documents/" + id + "/evidence");
    assertEquals(200, response.status(), response.text());
    assertEquals("application/zip", response.header("content-type"));
    Path directory = Files.createDirectories(workDirectory());
    return Files.write(directory.resolve("bundle-" + id + ".asice"), response.body());
  }

  /** Runs verify-bundle with the test CA for receipts and partners; requires exit code 0. */
  private static String verifyBundle(Path bundle) throws Exception {
    String ca = IntegrationEnvironment.caCertificate().toString();
    return run(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            IntegrationEnvironment.cliJar().toString(),
            "verify-bundle",
            "--ca",
            ca,
            "--partner-ca",
            ca,
            bundle.toString()));
  }

  /** Verifies the XML Signature with xmlsec1, trusting only the test CA. */
  private static void assertXmlsec1Verifies(Path document) throws Exception {
    String output =
        run(
            List.of(
                "xmlsec1",
                "--verify",
                "--trusted-pem",
                IntegrationEnvironment.caCertificate().toString(),
                document.toString()));
    assertTrue(output.contains("OK"), output);
  }

  /** Verifies receipt.json against receipt.json.jws with the npm package jose. */
  private static void assertJoseVerifiesReceipt(BundleContents contents) throws Exception {
    Path receipt = extract(contents, BundleLayout.RECEIPT);
    Path jws = extract(contents, BundleLayout.RECEIPT_SIGNATURE);
    String output =
        run(
            List.of(
                "node",
                IntegrationEnvironment.nodePeers().resolve("verify-receipt.mjs").toString(),
                receipt.toString(),
                jws.toString(),
                IntegrationEnvironment.caCertificate().toString()));
    assertTrue(output.contains("\"alg\":\"ES256\""), output);
  }

  private static Path extract(BundleContents contents, String entry) throws Exception {
    Path directory = Files.createDirectories(workDirectory().resolve(UUID.randomUUID().toString()));
    Path file = directory.resolve(Path.of(entry).getFileName());
    return Files.write(file, contents.entry(entry).orElseThrow());
  }

  /** Runs a command; fails the test unless it exits with 0. Returns its combined output. */
  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), command.getFirst() + " timed out");
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    return output;
  }

  private static Path workDirectory() {
    return IntegrationEnvironment.workDirectory().resolve("evidence");
  }

  /** Returns the UBL invoice with a unique note, so that each test sends a new signature. */
  private static byte[] invoice() throws Exception {
    String xml = Files.readString(IntegrationEnvironment.ublInvoice(), StandardCharsets.UTF_8);
    String unique = "evidence bundle " + System.nanoTime();
    return xml.replace("Ordered in our booth at the convention.", unique)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] order() {
    return ascii(
        "{\"orderId\":\""
            + System.nanoTime()
            + "\",\"buyer\":\"acme\",\"lines\":[{\"sku\":\"A-1\",\"quantity\":3}]}");
  }

  private static JsonObject json(byte[] body) {
    return Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8))).readObject();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
