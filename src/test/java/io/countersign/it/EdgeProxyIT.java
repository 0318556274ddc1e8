package io.countersign.it;

import static io.countersign.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutual TLS terminated by a real nginx that forwards the client certificate in a header. The
 * server trusts that header only from the proxy's address, 127.0.0.2.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EdgeProxyIT {

  private static final String XML = "application/xml";

  private static EdgeProxy proxy;

  @Deployment(testable = false)
  static WebArchive deployment() {
    File war = IntegrationEnvironment.war().toFile();
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }

  @BeforeAll
  static void startProxy() throws Exception {
    proxy = EdgeProxy.start(Integer.parseInt(System.getProperty("countersign.proxy.port")));
  }

  @AfterAll
  static void stopProxy() throws Exception {
    proxy.close();
  }

  @Test
  void throughProxy_isAcceptedNamingProxy() throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("through nginx"));

    Curl.Response response = Curl.asPartner("acme").via(proxy.port()).post("/api/documents", XML, signed);

    assertEquals(201, response.status(), response.text());
    JsonObject client = json(response).getJsonObject("client");
    assertEquals("forwarded by 127.0.0.2 in X-SSL-Client-Cert (nginx)", client.getString("source"));
    Receipts.assertVerifiesWithJose(response);
  }

  @Test
  void globexSignedViaProxy_isRejected() throws Exception {
    byte[] signed = SignedDocuments.signerOf("globex").sign(SignedDocuments.invoice("confused deputy at the edge"));

    Curl.Response response = Curl.asPartner("acme").via(proxy.port()).post("/api/documents", XML, signed);

    assertProblem(response, 422, "signer-not-partner");
  }

  @Test
  void headerSentDirectly_isIgnored() throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("forged header"));
    String pem = Files.readString(IntegrationEnvironment.partner("acme").tlsCertificate());
    String header = EdgeProxy.CERTIFICATE_HEADER + ": " + URLEncoder.encode(pem, StandardCharsets.UTF_8);

    Curl.Response response = Curl.anonymous().post("/api/documents", XML, signed, header);

    assertProblem(response, 401, "client-certificate-missing");
  }

  @Test
  void directHeaderWithTls_usesTls() throws Exception {
    byte[] signed = SignedDocuments.signerOf("globex").sign(SignedDocuments.invoice("forged header over TLS"));
    String acmePem = Files.readString(IntegrationEnvironment.partner("acme").tlsCertificate());
    String header = EdgeProxy.CERTIFICATE_HEADER + ": " + URLEncoder.encode(acmePem, StandardCharsets.UTF_8);

    Curl.Response response = Curl.asPartner("globex").post("/api/documents", XML, signed, header);

    assertEquals(201, response.status(), response.text());
    JsonObject receipt = json(response);
    assertEquals("globex", receipt.getString("partner"));
    assertEquals("tls", receipt.getJsonObject("client").getString("source"));
  }

  @Test
  void unregisteredCertificateAtProxy_isRejected() throws Exception {
    Path directory = Files.createDirectories(IntegrationEnvironment.workDirectory().resolve("edge-rogue"));
    SignedDocuments.writeRogueClient(directory);
    byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("rogue certificate at the edge"));

    Curl.Response response =
        Curl.withClientCertificate(directory.resolve("tls.pem"), directory.resolve("tls.key"))
            .via(proxy.port())
            .post("/api/documents", XML, signed);

    assertProblem(response, 403, "client-certificate-unknown");
  }

  private static JsonObject json(Curl.Response response) {
    return Json.createReader(new StringReader(response.text())).readObject();
  }
}
