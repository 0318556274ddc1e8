package io.countersign.it;

import static io.countersign.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
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
 * Partners without mutual TLS: requests signed with an HMAC (MACs computed by OpenSSL), requests
 * signed as RFC 9421 HTTP Message Signatures by the npm package http-message-signatures, and a
 * signature-only partner whom the document's own signature identifies.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RequestSignatureIT {

  private static final String PATH = "/api/documents";
  private static final String JSON = "application/json";

  @Deployment(testable = false)
  static WebArchive deployment() {
    File war = IntegrationEnvironment.war().toFile();
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }

  @Test
  void hmacPrimary_acceptsUnsignedDocumentWithoutNonRepudiation() throws Exception {
    byte[] order = order();

    Curl.Response response = Curl.anonymous().post(PATH, JSON, order, hmacHeaders("primary", order, now()));

    assertEquals(201, response.status(), response.text());
    JsonObject receipt = json(response);
    assertEquals("hooli", receipt.getString("partner"));
    assertFalse(receipt.getBoolean("nonRepudiation"));
    assertEquals("hmac key primary", receipt.getJsonObject("client").getString("source"));
  }

  @Test
  void hmacSecondary_isAcceptedDuringRotation() throws Exception {
    byte[] order = order();

    Curl.Response response = Curl.anonymous().post(PATH, JSON, order, hmacHeaders("secondary", order, now()));

    assertEquals(201, response.status(), response.text());
  }

  @Test
  void hmacWithUnknownSecret_isRejected() throws Exception {
    byte[] order = order();
    String timestamp = now();
    String mac = hmac(HexFormat.of().formatHex(new byte[32]), signingString(timestamp, order));

    Curl.Response response =
        Curl.anonymous()
            .post(PATH, JSON, order, "X-Countersign-Partner: hooli", "X-Countersign-Timestamp: " + timestamp,
                "X-Countersign-Signature-Primary: " + mac);

    assertProblem(response, 422, "request-signature-invalid");
  }

  @Test
  void hmacWithStaleTimestamp_isRejected() throws Exception {
    byte[] order = order();
    String hourAgo = Long.toString(Instant.now().getEpochSecond() - 3600);

    Curl.Response response = Curl.anonymous().post(PATH, JSON, order, hmacHeaders("primary", order, hourAgo));

    assertProblem(response, 422, "request-timestamp-out-of-window");
  }

  @Test
  void hmacRequestTwice_isRejectedAsReplay() throws Exception {
    byte[] order = order();
    String[] headers = hmacHeaders("primary", order, now());

    Curl.Response first = Curl.anonymous().post(PATH, JSON, order, headers);
    Curl.Response second = Curl.anonymous().post(PATH, JSON, order, headers);

    assertEquals(201, first.status(), first.text());
    assertProblem(second, 422, "request-replayed");
  }

  @Test
  void hmacWithSignedXml_keepsNonRepudiation() throws Exception {
    byte[] signed = SignedDocuments.signerOf("hooli").sign(SignedDocuments.invoice("hooli over HMAC"));

    Curl.Response response =
        Curl.anonymous().post(PATH, "application/xml", signed, hmacHeaders("primary", signed, now()));

    assertEquals(201, response.status(), response.text());
    assertTrue(json(response).getBoolean("nonRepudiation"));
  }

  @Test
  void httpMessageSignature_isAccepted() throws Exception {
    byte[] order = order();
    List<String> headers = httpMessageSignatureHeaders(order);

    Curl.Response response = Curl.anonymous().post(PATH, JSON, order, headers.toArray(String[]::new));

    assertEquals(201, response.status(), response.text());
    JsonObject receipt = json(response);
    assertEquals("hooli", receipt.getString("partner"));
    assertEquals("http message signature key hooli-ecdsa", receipt.getJsonObject("client").getString("source"));
  }

  @Test
  void httpMessageSignatureOverOtherBody_isRejected() throws Exception {
    byte[] order = order();
    List<String> headers = httpMessageSignatureHeaders(order);
    byte[] changed = new String(order, StandardCharsets.UTF_8).replace("3", "4").getBytes(StandardCharsets.UTF_8);

    Curl.Response response = Curl.anonymous().post(PATH, JSON, changed, headers.toArray(String[]::new));

    assertProblem(response, 422, "content-digest-mismatch");
  }

  @Test
  void signatureOnlyPartner_isIdentifiedByDocumentSignature() throws Exception {
    byte[] signed = SignedDocuments.signerOf("piedpiper").sign(SignedDocuments.invoice("piedpiper without TLS"));

    Curl.Response response = Curl.anonymous().post(PATH, "application/xml", signed);

    assertEquals(201, response.status(), response.text());
    JsonObject receipt = json(response);
    assertEquals("piedpiper", receipt.getString("partner"));
    assertEquals("document signature only", receipt.getJsonObject("client").getString("source"));
  }

  @Test
  void mutualTlsPartnerWithoutCertificate_isRejected() throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("acme without TLS"));

    Curl.Response response = Curl.anonymous().post(PATH, "application/xml", signed);

    assertProblem(response, 401, "client-certificate-missing");
  }

  /** Returns the HMAC headers of a POST to the documents path, MAC computed by openssl. */
  private static String[] hmacHeaders(String key, byte[] body, String timestamp) throws Exception {
    Path secretFile = IntegrationEnvironment.partner("hooli").directory().resolve("hmac-" + key + ".key");
    byte[] secret = Base64.getDecoder().decode(Files.readString(secretFile).strip());
    String mac = hmac(HexFormat.of().formatHex(secret), signingString(timestamp, body));
    String header = key.equals("primary") ? "X-Countersign-Signature-Primary" : "X-Countersign-Signature-Secondary";
    return new String[] {
      "X-Countersign-Partner: hooli", "X-Countersign-Timestamp: " + timestamp, header + ": " + mac
    };
  }

  /** Returns the HMAC signing string: timestamp, method, path and the body's SHA-256, one a line. */
  private static String signingString(String timestamp, byte[] body) throws Exception {
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    return timestamp + "\n" + "POST" + "\n" + PATH + "\n" + digest;
  }

  private static String hmac(String hexKey, String signingString) throws Exception {
    Process openssl =
        new ProcessBuilder("openssl", "dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:" + hexKey, "-r")
            .start();
    openssl.getOutputStream().write(signingString.getBytes(StandardCharsets.UTF_8));
    openssl.getOutputStream().close();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertTrue(openssl.waitFor(30, TimeUnit.SECONDS), "openssl timed out");
    assertEquals(0, openssl.exitValue(), output);
    return output.split(" ")[0].strip();
  }

  /** Signs the request with http-message-signatures and returns the headers it adds. */
  private static List<String> httpMessageSignatureHeaders(byte[] body) throws Exception {
    Path directory = Files.createDirectories(IntegrationEnvironment.workDirectory().resolve("http-signatures"));
    Path bodyFile = Files.write(directory.resolve("body-" + UUID.randomUUID() + ".json"), body);
    Process node =
        new ProcessBuilder(
                "node",
                IntegrationEnvironment.nodePeers().resolve("sign-http-message.mjs").toString(),
                "ecdsa-p256-sha256",
                IntegrationEnvironment.partner("hooli").signingKey().toString(),
                "hooli-ecdsa",
                now(),
                IntegrationEnvironment.baseUri().resolve(PATH).toString(),
                bodyFile.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node timed out");
    if (node.exitValue() != 0) {
      throw new IOException("sign-http-message.mjs failed: " + output);
    }
    List<String> headers = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (!line.isBlank() && !line.toLowerCase().startsWith("content-type")) {
        headers.add(line.strip());
      }
    }
    return headers;
  }

  private static String now() {
    return Long.toString(Instant.now().getEpochSecond());
  }

  private static byte[] order() {
    return ("{\"orderId\":\"" + System.nanoTime() + "\",\"quantity\":3}").getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject json(Curl.Response response) {
    return Json.createReader(new StringReader(response.text())).readObject();
  }
}
