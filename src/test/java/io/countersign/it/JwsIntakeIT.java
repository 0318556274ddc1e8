package io.countersign.it;

import static io.countersign.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.PemFiles;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JSON documents signed as JWS by the npm package jose, in every form, over real mutual TLS to
 * the WAR on Payara Micro; and one hostile JWS per rule that the verifier enforces.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JwsIntakeIT {

  private static final String JOSE = "application/jose";
  private static final String JOSE_JSON = "application/jose+json";

  @Deployment(testable = false)
  static WebArchive deployment() {
    File war = IntegrationEnvironment.war().toFile();
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }

  @Test
  void compact_isAcceptedWithVerifiableReceipt() throws Exception {
    String jws = JoseSigner.sign("compact", "acme", order(), "RS256", "{}");

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", JOSE, ascii(jws));

    assertEquals(201, response.status(), response.text());
    JsonObject receipt = json(response);
    assertEquals("jws-compact", receipt.getJsonObject("signature").getString("format"));
    assertEquals("RS256", receipt.getJsonObject("signature").getString("algorithm"));
    assertTrue(receipt.getBoolean("nonRepudiation"));
    Receipts.assertVerifiesWithJose(response);
  }

  @Test
  void flattenedJson_isAccepted() throws Exception {
    String jws = JoseSigner.sign("flattened", "acme", order(), "PS256", "{}");

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", JOSE_JSON, ascii(jws));

    assertEquals(201, response.status(), response.text());
    assertEquals("jws-json", json(response).getJsonObject("signature").getString("format"));
  }

  @Test
  void generalJsonWithCosigner_isAcceptedNamingCosigner() throws Exception {
    String jws = JoseSigner.signWithCosigner("acme", "globex", order(), "RS256");

    Curl.Response response = Curl.asPartner("acme").post("/api/documents", JOSE_JSON, ascii(jws));

    assertEquals(201, response.status(), response.text());
    JsonObject cosigner = json(response).getJsonArray("cosigners").getJsonObject(0);
    assertTrue(cosigner.getString("subject").contains("globex"), cosigner.toString());
  }

  @Test
  void detached_isAcceptedOverExactBytes() throws Exception {
    byte[] order = order();
    String jws = JoseSigner.sign("detached", "acme", order, "RS256", "{}");

    Curl.Response response =
        Curl.asPartner("acme").post("/api/documents", "application/json", order, "X-JWS-Signature: " + jws);

    assertEquals(201, response.status(), response.text());
    assertEquals("jws-detached", json(response).getJsonObject("signature").getString("format"));
  }

  @Test
  void detachedUnencoded_isAccepted() throws Exception {
    byte[] order = order();
    String jws = JoseSigner.sign("unencoded", "acme", order, "RS256", "{}");

    Curl.Response response =
        Curl.asPartner("acme").post("/api/documents", "application/json", order, "X-JWS-Signature: " + jws);

    assertEquals(201, response.status(), response.text());
    assertEquals(
        "jws-detached-unencoded", json(response).getJsonObject("signature").getString("format"));
  }

  @Test
  void ecdsaCompact_isAccepted() throws Exception {
    String jws = JoseSigner.sign("compact", "initech", order(), "ES256", "{}");

    Curl.Response response = Curl.asPartner("initech").post("/api/documents", JOSE, ascii(jws));

    assertEquals(201, response.status(), response.text());
    assertEquals("ES256", json(response).getJsonObject("signature").getString("algorithm"));
  }

  @Test
  void sameJwsTwice_returnsOriginalReceipt() throws Exception {
    String jws = JoseSigner.sign("compact", "acme", order(), "RS256", "{}");

    Curl.Response first = Curl.asPartner("acme").post("/api/documents", JOSE, ascii(jws));
    Curl.Response second = Curl.asPartner("acme").post("/api/documents", JOSE, ascii(jws));

    assertEquals(201, first.status(), first.text());
    assertEquals(200, second.status(), second.text());
    assertEquals(first.text(), second.text());
  }

  @Test
  void algNone_isRejected() throws Exception {
    String jws = raw("acme", "{\"alg\":\"none\"}", "");

    assertProblem(postCompact("acme", jws), 422, "algorithm-not-allowed");
  }

  @Test
  void hmacKeyedWithPublicCertificate_isRejected() throws Exception {
    Path certificate = IntegrationEnvironment.partner("acme").signingCertificate();
    String header = "{\"alg\":\"HS256\",\"iat\":" + now() + ",\"x5c\":[\"" + x5c("acme") + "\"]}";
    String jws = JoseSigner.signRaw(certificate, order(), header, "");

    assertProblem(postCompact("acme", jws), 422, "algorithm-not-allowed");
  }

  @Test
  void unknownCriticalHeader_isRejected() throws Exception {
    String jws = raw("acme", header("RS256", "acme", ",\"crit\":[\"urn:example:policy\"],\"urn:example:policy\":1"), "");

    assertProblem(postCompact("acme", jws), 422, "critical-header-unsupported");
  }

  @Test
  void b64WithoutCrit_isRejected() throws Exception {
    String jws = raw("acme", header("RS256", "acme", ",\"b64\":true"), "");

    assertProblem(postCompact("acme", jws), 422, "critical-header-unsupported");
  }

  @Test
  void derEncodedEcdsa_isRejected() throws Exception {
    String jws = raw("initech", header("ES256", "initech", ""), "der");

    assertProblem(postCompact("initech", jws), 422, "signature-encoding-invalid");
  }

  @Test
  void globexSignedOverAcmeTls_isRejected() throws Exception {
    String jws = JoseSigner.sign("compact", "globex", order(), "RS256", "{}");

    JsonObject problem = assertProblem(postCompact("acme", jws), 422, "signer-not-partner");

    assertTrue(problem.getString("detail").contains("globex"), problem.getString("detail"));
  }

  @Test
  void reserializedDetachedBody_isRejectedNamingBytes() throws Exception {
    byte[] order = order();
    String jws = JoseSigner.sign("detached", "acme", order, "RS256", "{}");
    String reserialized = new String(order, StandardCharsets.UTF_8).replace(",", ", ");

    Curl.Response response =
        Curl.asPartner("acme")
            .post("/api/documents", "application/json", utf8(reserialized), "X-JWS-Signature: " + jws);

    JsonObject problem = assertProblem(response, 422, "signature-invalid");
    assertTrue(problem.getString("detail").contains("bytes"), problem.getString("detail"));
  }

  @Test
  void staleIat_isRejected() throws Exception {
    long hourAgo = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
    String jws = JoseSigner.sign("compact", "acme", order(), "RS256", "{\"iat\":" + hourAgo + "}");

    assertProblem(postCompact("acme", jws), 422, "iat-out-of-window");
  }

  @Test
  void missingIat_isRejected() throws Exception {
    String jws = raw("acme", "{\"alg\":\"RS256\",\"x5c\":[\"" + x5c("acme") + "\"]}", "");

    assertProblem(postCompact("acme", jws), 422, "iat-missing");
  }

  @Test
  void keyUrlHeader_isRejected() throws Exception {
    String jws = raw("acme", header("RS256", "acme", ",\"jku\":\"https://127.0.0.1/keys\""), "");

    assertProblem(postCompact("acme", jws), 422, "key-url-not-allowed");
  }

  @Test
  void malformedJsonPayload_isRejected() throws Exception {
    String jws = JoseSigner.sign("compact", "acme", utf8("{\"order\": "), "RS256", "{\"cty\":\"json\"}");

    assertProblem(postCompact("acme", jws), 400, "document-malformed");
  }

  @Test
  void unregisteredSigner_isRejected() throws Exception {
    Instant now = Instant.now();
    IssuedCertificate rogue =
        CertificateIssuer.selfSignedAuthority(
            "O=Rogue,CN=Rogue signer", CertificateIssuer.generateRsaKeyPair(2048), now.minusSeconds(60), Duration.ofDays(1));
    Path directory = Files.createDirectories(IntegrationEnvironment.workDirectory().resolve("jws-rogue"));
    Path key = directory.resolve("signing.key");
    PemFiles.writePrivateKey(key, rogue.keyPair());
    String x5c = Base64.getEncoder().encodeToString(rogue.certificate().getEncoded());
    String header = "{\"alg\":\"RS256\",\"iat\":" + now() + ",\"x5c\":[\"" + x5c + "\"]}";

    String jws = JoseSigner.signRaw(key, order(), header, "");

    assertProblem(postCompact("acme", jws), 422, "signer-certificate-unknown");
  }

  @Test
  void largeJws_isRejectedWith413() throws Exception {
    String jws = JoseSigner.sign("compact", "initech", largeOrder(8 * 1024 * 1024), "ES256", "{}");

    Curl.Response response = postCompact("initech", jws);

    assertTrue(jws.length() > 10 * 1024 * 1024, "above countersign.document.max-in-memory-bytes");
    JsonObject problem = assertProblem(response, 413, "document-too-large");
    String detail = problem.getString("detail");
    assertTrue(detail.contains("JWS documents are verified in memory"), detail);
    assertTrue(detail.contains("at most 10485760 bytes, but this one has " + jws.length() + " bytes"), detail);
    assertTrue(detail.contains("as XML with an enveloped XML Signature"), detail);
  }

  @Test
  void malformedCompactJws_isRejected() throws Exception {
    assertProblem(postCompact("acme", "not.a.jws!"), 422, "signature-malformed");
  }

  private static Curl.Response postCompact(String partnerId, String jws) throws Exception {
    return Curl.asPartner(partnerId).post("/api/documents", JOSE, ascii(jws));
  }

  private static String raw(String partnerId, String header, String mode) throws Exception {
    Path key = IntegrationEnvironment.partner(partnerId).signingKey();
    return JoseSigner.signRaw(key, order(), header, mode);
  }

  /** Returns a protected header with the partner's certificate and the current iat. */
  private static String header(String algorithm, String partnerId, String more) throws Exception {
    return "{\"alg\":\"" + algorithm + "\",\"iat\":" + now() + ",\"x5c\":[\"" + x5c(partnerId) + "\"]" + more + "}";
  }

  private static String x5c(String partnerId) throws Exception {
    Path certificate = IntegrationEnvironment.partner(partnerId).signingCertificate();
    return Base64.getEncoder().encodeToString(PemFiles.readCertificate(certificate).getEncoded());
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  /** Returns a JSON order, unique per call so that every test sends a new signature. */
  /** Returns an order with enough lines to have at least {@code minBytes} bytes of JSON. */
  private static byte[] largeOrder(int minBytes) {
    String line = "{\"sku\":\"A-1\",\"quantity\":3},";
    String lines = line.repeat(minBytes / line.length() + 1);
    return ascii(
        "{\"orderId\":\""
            + System.nanoTime()
            + "\",\"buyer\":\"initech\",\"lines\":["
            + lines.substring(0, lines.length() - 1)
            + "]}");
  }

  private static byte[] order() {
    return utf8("{\"orderId\":\"" + System.nanoTime() + "\",\"buyer\":\"acme\",\"lines\":[{\"sku\":\"A-1\",\"quantity\":3}]}");
  }

  private static JsonObject json(Curl.Response response) {
    return Json.createReader(new StringReader(response.text())).readObject();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
