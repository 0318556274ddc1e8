package io.countersign.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.PemFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code countersign send} against an HTTPS server on 127.0.0.1 that requires mutual TLS. */
class SendCommandTest {

  private static final byte[] DOCUMENT =
      "<invoice xmlns=\"urn:example\"><total>42.00</total></invoice>"
          .getBytes(StandardCharsets.UTF_8);

  private static final String PROBLEM =
      """
      {"type":"urn:countersign:problem:signature-invalid","title":"Signature invalid",\
      "status":422,"detail":"The signature value does not verify.","instance":"/api/documents"}""";

  /** What the test server sends back for a posted document. */
  @FunctionalInterface
  interface Responder {
    Reply reply(byte[] document) throws Exception;
  }

  /** One response of the test server. A null {@code signature} sends no X-JWS-Signature header. */
  record Reply(int status, String contentType, byte[] body, String signature) {}

  private static TestPki pki;
  private static TestPki otherPki;
  private static HttpsServer server;
  private static volatile Responder responder;
  /** Receipts sent by {@link #acceptOnce}, by the SHA-256 of the document. */
  private static final Map<String, Reply> receipts = new ConcurrentHashMap<>();
  private static final List<String> requests = new CopyOnWriteArrayList<>();
  private static final List<String> clientSubjects = new CopyOnWriteArrayList<>();

  @TempDir Path directory;
  private Path documentFile;

  @BeforeAll
  static void startServer() throws Exception {
    pki = new TestPki("Countersign Test");
    otherPki = new TestPki("Other");
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(serverContext()) {
          @Override
          public void configure(HttpsParameters parameters) {
            SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
            ssl.setNeedClientAuth(true);
            parameters.setSSLParameters(ssl);
          }
        });
    server.createContext("/api/documents", SendCommandTest::handle);
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  @BeforeEach
  void writeFiles() throws IOException {
    TestPki.write(directory, "tls", pki.clientTls);
    pki.writeCa(directory);
    documentFile = directory.resolve("invoice.xml");
    Files.write(documentFile, DOCUMENT);

    responder = SendCommandTest::acceptOnce;
    receipts.clear();
    requests.clear();
    clientSubjects.clear();
  }

  @Test
  void send_newDocument_savesVerifiedReceipt() throws Exception {
    CommandRun run = send();

    assertEquals(0, run.exitCode(), run.describe());
    Reply reply = receipts.get(ReceiptVerifier.sha256Hex(DOCUMENT));
    Path receiptFile = directory.resolve("invoice.xml.receipt.json");
    assertArrayEquals(reply.body(), Files.readAllBytes(receiptFile));
    Path signatureFile = directory.resolve("invoice.xml.receipt.json.jws");
    assertEquals(reply.signature(), Files.readString(signatureFile));
    String receiptJson = new String(reply.body(), StandardCharsets.UTF_8);
    assertEquals(receiptJson + System.lineSeparator(), run.out());
    assertTrue(run.err().startsWith("201 Created: document d-1 accepted"), run.describe());
    assertEquals(List.of("POST /api/documents application/xml"), requests);
    assertEquals(List.of("CN=acme TLS client,O=acme"), clientSubjects);
  }

  @Test
  void send_sameDocumentTwice_reportsDuplicate() {
    send();

    CommandRun run = send();

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.err().startsWith("200 OK: duplicate, document d-1"), run.describe());
  }

  @Test
  void send_receiptOption_savesReceiptThere() {
    Path receiptFile = directory.resolve("evidence").resolve("r.json");
    receiptFile.getParent().toFile().mkdirs();

    CommandRun run = send("--receipt", receiptFile.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(Files.exists(receiptFile));
    assertTrue(Files.exists(directory.resolve("evidence").resolve("r.json.jws")));
  }

  @Test
  void send_problemResponse_exitsServerError() {
    byte[] problem = PROBLEM.getBytes(StandardCharsets.UTF_8);
    responder = document -> new Reply(422, "application/problem+json", problem, null);

    CommandRun run = send();

    assertEquals(CountersignCommand.EXIT_SERVER_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().contains("HTTP 422"), run.describe());
    assertTrue(run.err().contains(PROBLEM), run.describe());
    assertEquals("", run.out());
    assertFalse(Files.exists(directory.resolve("invoice.xml.receipt.json")));
  }

  @Test
  void send_receiptForOtherDocument_exitsNotVerified() {
    byte[] otherDocument = "<invoice/>".getBytes(StandardCharsets.UTF_8);
    responder = document -> signedReceipt(otherDocument, pki);

    CommandRun run = send();

    assertEquals(CountersignCommand.EXIT_RECEIPT_NOT_VERIFIED, run.exitCode(), run.describe());
    assertTrue(
        run.err().contains(ReceiptRejection.DOCUMENT_DIGEST_MISMATCH.code()), run.describe());
    assertFalse(Files.exists(directory.resolve("invoice.xml.receipt.json")));
  }

  @Test
  void send_receiptFromOtherCa_exitsNotVerified() {
    responder = document -> signedReceipt(document, otherPki);

    CommandRun run = send();

    assertEquals(CountersignCommand.EXIT_RECEIPT_NOT_VERIFIED, run.exitCode(), run.describe());
    assertTrue(
        run.err().contains(ReceiptRejection.CERTIFICATE_CHAIN_UNTRUSTED.code()), run.describe());
    assertFalse(Files.exists(directory.resolve("invoice.xml.receipt.json")));
  }

  @Test
  void send_receiptCaOption_trustsThatCa() throws IOException {
    responder = document -> signedReceipt(document, otherPki);
    Path otherCa = otherPki.writeCa(Files.createDirectory(directory.resolve("other")));

    CommandRun run = send("--receipt-ca", otherCa.toString());

    assertEquals(0, run.exitCode(), run.describe());
  }

  @Test
  void send_missingSignatureHeader_exitsNotVerified() {
    responder =
        document -> {
          Reply signed = signedReceipt(document, pki);
          return new Reply(201, signed.contentType(), signed.body(), null);
        };

    CommandRun run = send();

    assertEquals(CountersignCommand.EXIT_RECEIPT_NOT_VERIFIED, run.exitCode(), run.describe());
    assertTrue(run.err().contains(SendCommand.SIGNATURE_HEADER), run.describe());
  }

  @Test
  void send_untrustedServerCertificate_exitsError() throws IOException {
    Path otherCa = otherPki.writeCa(Files.createDirectory(directory.resolve("other")));

    CommandRun run = sendWith("--cacert", otherCa.toString());

    assertEquals(CountersignCommand.EXIT_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().startsWith("send: "), run.describe());
    assertEquals(List.of(), requests);
  }

  @Test
  void send_keyNotMatchingCertificate_exitsError() throws IOException {
    KeyPair otherKeys = CertificateIssuer.generateEcKeyPair();
    PemFiles.writePrivateKey(directory.resolve("tls.key"), otherKeys);

    CommandRun run = send();

    assertEquals(CountersignCommand.EXIT_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().contains("does not match the certificate"), run.describe());
    assertEquals(List.of(), requests);
  }

  @Test
  void send_httpServerUrl_exitsUsage() {
    CommandRun run = sendWith("--server", "http://127.0.0.1:" + server.getAddress().getPort());

    assertEquals(picocli.CommandLine.ExitCode.USAGE, run.exitCode(), run.describe());
    assertEquals(List.of(), requests);
  }

  /** Runs {@code send} with the test's files and the extra options. */
  private CommandRun send(String... options) {
    List<String> arguments = new ArrayList<>(defaultOptions());
    arguments.addAll(List.of(options));
    arguments.add(documentFile.toString());
    return CommandRun.run(arguments.toArray(String[]::new));
  }

  /** Runs {@code send} with one default option replaced. */
  private CommandRun sendWith(String option, String value) {
    List<String> arguments = new ArrayList<>(defaultOptions());
    arguments.set(arguments.indexOf(option) + 1, value);
    arguments.add(documentFile.toString());
    return CommandRun.run(arguments.toArray(String[]::new));
  }

  private List<String> defaultOptions() {
    return List.of(
        "send",
        "--server",
        "https://127.0.0.1:" + server.getAddress().getPort(),
        "--cert",
        directory.resolve("tls.pem").toString(),
        "--key",
        directory.resolve("tls.key").toString(),
        "--cacert",
        directory.resolve("ca.pem").toString());
  }

  /** Returns 201 with a new receipt, or 200 with the original receipt for a known document. */
  private static Reply acceptOnce(byte[] document) throws Exception {
    String sha256 = ReceiptVerifier.sha256Hex(document);
    Reply original = receipts.get(sha256);
    if (original != null) {
      return new Reply(200, original.contentType(), original.body(), original.signature());
    }
    Reply created = signedReceipt(document, pki);
    receipts.put(sha256, created);
    return created;
  }

  private static Reply signedReceipt(byte[] document, TestPki signingPki) throws Exception {
    byte[] body = TestReceipts.receipt("d-1", document);
    String signature = TestReceipts.signEs256(body, signingPki.receiptSigner, signingPki.ca);
    return new Reply(201, "application/json", body, signature);
  }

  private static void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      X509Certificate client =
          (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
      clientSubjects.add(client.getSubjectX500Principal().getName());
      requests.add(
          exchange.getRequestMethod()
              + " "
              + exchange.getRequestURI()
              + " "
              + exchange.getRequestHeaders().getFirst("Content-Type"));

      Reply reply = responder.reply(exchange.getRequestBody().readAllBytes());
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      exchange.getResponseHeaders().set("Location", "/api/documents/d-1");
      if (reply.signature() != null) {
        exchange.getResponseHeaders().set(SendCommand.SIGNATURE_HEADER, reply.signature());
      }
      exchange.sendResponseHeaders(reply.status(), reply.body().length);
      exchange.getResponseBody().write(reply.body());
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("The test server failed to build a reply", e);
    }
  }

  private static SSLContext serverContext() throws Exception {
    IssuedCertificate tls = pki.serverTls;
    char[] password = "test".toCharArray();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(
        "server",
        tls.keyPair().getPrivate(),
        password,
        new Certificate[] {tls.certificate(), pki.ca.certificate()});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keyStore, password);

    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("ca", pki.ca.certificate());
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trustStore);

    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }
}
