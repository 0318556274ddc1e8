package io.countersign.it;

import static io.countersign.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.RevocationLocations;
import io.countersign.pki.CertificateIssuer.Role;
import io.countersign.pki.PemFiles;
import io.countersign.signature.xml.XmlDocumentSigner;
import io.countersign.trust.RevocationServer;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
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
 * A partner registered by its CA and subject instead of pinned certificates: TLS client
 * certificates are validated as PKIX paths with OCSP checked against a real responder on
 * 127.0.0.1, and the partner file is picked up by the running server without a restart.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CaRegisteredPartnerIT {

  private static final String PARTNER = "initrode";
  /** The subject in issuing order; the partner file names it in RFC 4514 order, CN first. */
  private static final String SUBJECT = "O=initrode,CN=initrode TLS client";

  private static final String REGISTERED_SUBJECT = "CN=initrode TLS client,O=initrode";

  private static final String SIGNING_SUBJECT = "CN=initrode signing,O=initrode";
  private static final Duration VALIDITY = Duration.ofDays(30);

  private static RevocationServer revocation;
  private static IssuedCertificate ca;
  private static Path directory;
  private static XmlDocumentSigner signer;

  @Deployment(testable = false)
  static WebArchive deployment() {
    File war = IntegrationEnvironment.war().toFile();
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }

  @BeforeAll
  static void registerPartnerByCa() throws Exception {
    directory = Files.createDirectories(IntegrationEnvironment.workDirectory().resolve(PARTNER));
    revocation = new RevocationServer(Clock.systemUTC());
    ca =
        CertificateIssuer.selfSignedAuthority(
            "O=initrode,CN=initrode Root CA", CertificateIssuer.generateEcKeyPair(), notBefore(), VALIDITY);
    revocation.addAuthority(PARTNER, ca);
    PemFiles.writeCertificates(directory.resolve("ca.pem"), List.of(ca.certificate()));

    signer = signingCertificate();

    Path partnerFile = Path.of(System.getProperty("countersign.partners.dir"), PARTNER + ".json");
    Files.writeString(
        partnerFile,
        """
        {"id": "%1$s",
         "tlsClients": [{"anchor": "%2$s", "subject": "%3$s"}],
         "signingCertificates": [{"anchor": "%2$s", "subject": "%4$s"}]}
        """
            .formatted(PARTNER, directory.resolve("ca.pem"), REGISTERED_SUBJECT, SIGNING_SUBJECT));
    awaitRegistration(clientCertificate("registration", Role.TLS_CLIENT, ocspLocation()));
  }

  @AfterAll
  static void stopResponder() throws Exception {
    Files.deleteIfExists(Path.of(System.getProperty("countersign.partners.dir"), PARTNER + ".json"));
    revocation.close();
  }

  @Test
  void goodOcspStatus_isAccepted() throws Exception {
    Curl client = clientCertificate("good", Role.TLS_CLIENT, ocspLocation());
    int requestsBefore = revocation.ocspRequests();

    Curl.Response response = client.post("/api/documents", "application/xml", signedInvoice());

    assertEquals(201, response.status(), response.text());
    assertTrue(revocation.ocspRequests() > requestsBefore, "the server asked the OCSP responder");
  }

  @Test
  void revokedSigningCertificate_isRejected() throws Exception {
    XmlDocumentSigner revokedSigner = signingCertificate();
    revocation.revoke(lastIssued, CRLReason.superseded);
    Curl client = clientCertificate("signer revoked", Role.TLS_CLIENT, ocspLocation());

    Curl.Response response =
        client.post("/api/documents", "application/xml", signedInvoice(revokedSigner));

    assertProblem(response, 422, "signer-certificate-revoked");
  }

  @Test
  void revokedCertificate_isRejected() throws Exception {
    Curl client = clientCertificate("revoked", Role.TLS_CLIENT, ocspLocation());
    revocation.revoke(lastIssued, CRLReason.keyCompromise);

    Curl.Response response = client.post("/api/documents", "application/xml", signedInvoice());

    assertProblem(response, 403, "client-certificate-revoked");
  }

  @Test
  void unknownToResponder_isRejected() throws Exception {
    Curl client = clientCertificate("unknown", Role.TLS_CLIENT, ocspLocation());
    revocation.markUnknown(lastIssued);

    Curl.Response response = client.post("/api/documents", "application/xml", signedInvoice());

    assertProblem(response, 403, "client-certificate-revocation-unknown");
  }

  @Test
  void responderDown_failsClosed() throws Exception {
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/ocsp");
    }
    Curl client = clientCertificate("no responder", Role.TLS_CLIENT, new RevocationLocations(closedPort, null));

    Curl.Response response = client.post("/api/documents", "application/xml", signedInvoice());

    assertProblem(response, 503, "certificate-revocation-unavailable");
  }

  @Test
  void signingCertificateAsTlsClient_isRejected() throws Exception {
    Curl client = clientCertificate("wrong usage", Role.DOCUMENT_SIGNING, ocspLocation());

    Curl.Response response = client.post("/api/documents", "application/xml", signedInvoice());

    assertProblem(response, 403, "client-certificate-key-usage-not-allowed");
  }

  @Test
  void otherCaSameSubject_isRejected() throws Exception {
    IssuedCertificate otherCa =
        CertificateIssuer.selfSignedAuthority(
            "O=globex,CN=globex Root CA", CertificateIssuer.generateEcKeyPair(), notBefore(), VALIDITY);
    IssuedCertificate impostor =
        CertificateIssuer.issue(
            otherCa, SUBJECT, CertificateIssuer.generateEcKeyPair(), Role.TLS_CLIENT, List.of(),
            notBefore(), VALIDITY);

    Curl.Response response = write("impostor", impostor).post("/api/documents", "application/xml", signedInvoice());

    assertProblem(response, 403, "client-certificate-path-invalid");
  }

  /** The certificate that the latest {@link #clientCertificate} or {@link #signingCertificate} call issued. */
  private static X509Certificate lastIssued;

  /** Issues a client certificate with the partner's subject from its CA, as PEM files for curl. */
  private static Curl clientCertificate(String name, Role role, RevocationLocations locations)
      throws Exception {
    IssuedCertificate issued =
        CertificateIssuer.issue(
            ca, SUBJECT, CertificateIssuer.generateEcKeyPair(), role, List.of(), notBefore(), VALIDITY, locations);
    lastIssued = issued.certificate();
    return write(name, issued);
  }

  private static Curl write(String name, IssuedCertificate issued) throws Exception {
    String fileName = name.replace(' ', '-');
    Path certificate = directory.resolve(fileName + ".pem");
    Path key = directory.resolve(fileName + ".key");
    PemFiles.writeCertificates(certificate, List.of(issued.certificate()));
    PemFiles.writePrivateKey(key, issued.keyPair());
    return Curl.withClientCertificate(certificate, key);
  }

  private static RevocationLocations ocspLocation() {
    return new RevocationLocations(revocation.ocspUri(), null);
  }

  private static Instant notBefore() {
    return Instant.now().minus(Duration.ofHours(1));
  }

  /** Issues a signing certificate with the registered subject and OCSP, and returns its signer. */
  private static XmlDocumentSigner signingCertificate() {
    IssuedCertificate signing =
        CertificateIssuer.issue(
            ca,
            "O=initrode,CN=initrode signing",
            CertificateIssuer.generateEcKeyPair(),
            Role.DOCUMENT_SIGNING,
            List.of(),
            notBefore(),
            VALIDITY,
            ocspLocation());
    lastIssued = signing.certificate();
    return new XmlDocumentSigner(signing.keyPair().getPrivate(), signing.certificate());
  }

  private static byte[] signedInvoice() throws Exception {
    return signedInvoice(signer);
  }

  private static byte[] signedInvoice(XmlDocumentSigner documentSigner) throws Exception {
    String xml = Files.readString(IntegrationEnvironment.ublInvoice(), StandardCharsets.UTF_8);
    String unique = xml.replace("Ordered in our booth at the convention.", "initrode " + System.nanoTime());
    return documentSigner.sign(unique.getBytes(StandardCharsets.UTF_8));
  }

  /** Waits until the server's partner registry, which reloads every 10 s, accepts the client. */
  private static void awaitRegistration(Curl client) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Curl.Response response = client.get("/api/documents/none");
      if (response.status() == 404) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("The server did not register partner " + PARTNER + " within 30 s");
  }
}
