package io.countersign.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import io.countersign.pki.PemFiles;
import io.countersign.signature.xml.XmlDocumentSigner;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rotates a partner's TLS client certificate and signing certificate by editing its partner file
 * while submissions run without pause: add the new credentials beside the old ones, move the
 * client over, retire the old ones. No submission may fail at any step.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RotationIT {

  private static final String PARTNER = "umbrella";
  private static final Path PARTNER_FILE =
      Path.of(System.getProperty("countersign.partners.dir"), PARTNER + ".json");

  /** A partner's TLS client certificate with its key, and the signer of its documents. */
  private record Credentials(Path tlsCertificate, Path tlsKey, Path signingCertificate, XmlDocumentSigner signer) {

    Curl curl() {
      return Curl.withClientCertificate(tlsCertificate, tlsKey);
    }
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    File war = IntegrationEnvironment.war().toFile();
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }

  @AfterAll
  static void removePartner() throws Exception {
    Files.deleteIfExists(PARTNER_FILE);
  }

  @Test
  void rotationUnderLoad_losesNoSubmission() throws Exception {
    IssuedCertificate ca =
        CertificateIssuer.selfSignedAuthority(
            "O=umbrella,CN=umbrella CA", CertificateIssuer.generateEcKeyPair(), notBefore(), Duration.ofDays(30));
    Credentials old = credentials(ca, "old");
    Credentials next = credentials(ca, "new");
    writePartnerFile(List.of(old));
    awaitStatus(old, 404);

    AtomicReference<Credentials> current = new AtomicReference<>(old);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger accepted = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    Future<?> load = executor.submit(() -> submitUntilStopped(current, running, accepted, failures));

    awaitProgress(accepted, failures);
    writePartnerFile(List.of(old, next));
    awaitStatus(next, 404);
    awaitProgress(accepted, failures);
    current.set(next);
    awaitProgress(accepted, failures);
    writePartnerFile(List.of(next));
    awaitStatus(old, 403);
    awaitProgress(accepted, failures);
    running.set(false);
    load.get(60, TimeUnit.SECONDS);
    executor.shutdown();

    assertEquals(List.of(), failures);
    assertTrue(accepted.get() >= 12, "only " + accepted.get() + " submissions ran during the rotation");
  }

  private static void submitUntilStopped(
      AtomicReference<Credentials> current, AtomicBoolean running, AtomicInteger accepted, List<String> failures) {
    while (running.get()) {
      Credentials credentials = current.get();
      try {
        byte[] signed = credentials.signer().sign(SignedDocuments.invoice("rotation"));
        Curl.Response response = credentials.curl().post("/api/documents", "application/xml", signed);
        if (response.status() == 201) {
          accepted.incrementAndGet();
        } else {
          failures.add(response.status() + " " + response.text());
        }
      } catch (Exception e) {
        failures.add(e.toString());
      }
    }
  }

  private static Credentials credentials(IssuedCertificate ca, String generation) throws Exception {
    Path directory = Files.createDirectories(IntegrationEnvironment.workDirectory().resolve("rotation-" + generation));
    IssuedCertificate tls =
        CertificateIssuer.issue(
            ca, "O=umbrella,CN=umbrella TLS " + generation, CertificateIssuer.generateEcKeyPair(),
            Role.TLS_CLIENT, List.of(), notBefore(), Duration.ofDays(30));
    IssuedCertificate signing =
        CertificateIssuer.issue(
            ca, "O=umbrella,CN=umbrella signing " + generation, CertificateIssuer.generateEcKeyPair(),
            Role.DOCUMENT_SIGNING, List.of(), notBefore(), Duration.ofDays(30));
    PemFiles.writeCertificates(directory.resolve("tls.pem"), List.of(tls.certificate()));
    PemFiles.writePrivateKey(directory.resolve("tls.key"), tls.keyPair());
    PemFiles.writeCertificates(directory.resolve("signing.pem"), List.of(signing.certificate()));
    return new Credentials(
        directory.resolve("tls.pem"),
        directory.resolve("tls.key"),
        directory.resolve("signing.pem"),
        new XmlDocumentSigner(signing.keyPair().getPrivate(), signing.certificate()));
  }

  /** Writes the partner file atomically, so that a reload never reads half of it. */
  private static void writePartnerFile(List<Credentials> active) throws Exception {
    StringBuilder tls = new StringBuilder();
    StringBuilder signing = new StringBuilder();
    for (Credentials credentials : active) {
      String separator = tls.isEmpty() ? "" : ", ";
      tls.append(separator).append("{\"certificate\": \"").append(credentials.tlsCertificate()).append("\"}");
      signing.append(separator).append("{\"certificate\": \"").append(credentials.signingCertificate()).append("\"}");
    }
    String json =
        "{\"id\": \"" + PARTNER + "\", \"tlsClients\": [" + tls + "], \"signingCertificates\": [" + signing + "]}";
    Path temporary = Files.writeString(PARTNER_FILE.resolveSibling(PARTNER + ".json.tmp"), json);
    Files.move(temporary, PARTNER_FILE, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Waits until three more submissions were accepted, or one failed, so that every step of the
   * rotation runs under load however slow the machine is.
   */
  private static void awaitProgress(AtomicInteger accepted, List<String> failures) throws Exception {
    int target = accepted.get() + 3;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (accepted.get() < target && failures.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** Waits until a request with these credentials gets the status: 404 registered, 403 retired. */
  private static void awaitStatus(Credentials credentials, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (credentials.curl().get("/api/documents/none").status() == status) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("The server did not answer " + status + " within 30 s after the partner file changed");
  }

  private static Instant notBefore() {
    return Instant.now().minus(Duration.ofHours(1));
  }
}
