package io.countersign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.PemFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CredentialsCommandTest {

  @TempDir Path directory;

  @Test
  void expiringWithin_listsOnlyCredentialsEndingBeforeHorizon() throws Exception {
    Instant now = Instant.now();
    IssuedCertificate ca =
        CertificateIssuer.selfSignedAuthority("CN=CA", CertificateIssuer.generateEcKeyPair(), now, Duration.ofDays(90));
    IssuedCertificate tls =
        CertificateIssuer.issue(
            ca, "CN=acme TLS", CertificateIssuer.generateEcKeyPair(), CertificateIssuer.Role.TLS_CLIENT,
            List.of(), now.minusSeconds(60), Duration.ofDays(2));
    IssuedCertificate signing =
        CertificateIssuer.issue(
            ca, "CN=acme signing", CertificateIssuer.generateEcKeyPair(), CertificateIssuer.Role.DOCUMENT_SIGNING,
            List.of(), now.minusSeconds(60), Duration.ofDays(60));
    PemFiles.writeCertificates(directory.resolve("tls.pem"), List.of(tls.certificate()));
    PemFiles.writeCertificates(directory.resolve("signing.pem"), List.of(signing.certificate()));
    Files.writeString(directory.resolve("hmac.key"), Base64.getEncoder().encodeToString(new byte[32]));
    Files.writeString(
        directory.resolve("acme.json"),
        """
        {"id": "acme",
         "tlsClients": [{"certificate": "tls.pem"}],
         "signingCertificates": [{"certificate": "signing.pem", "notAfter": "%s"}],
         "hmacKeys": [{"id": "old", "secretFile": "hmac.key", "notAfter": "%s"}]}
        """
            .formatted(now.plus(Duration.ofDays(20)), now.plus(Duration.ofDays(40))));

    StringWriter out = new StringWriter();
    CommandLine command = CountersignCommand.commandLine();
    command.setOut(new PrintWriter(out));
    int exitCode =
        command.execute("credentials", "--partners", directory.toString(), "--expiring-within", "30");

    assertEquals(0, exitCode);
    String listing = out.toString();
    assertTrue(listing.contains("tls\tCN=acme TLS"), listing);
    assertTrue(listing.contains("signing\tCN=acme signing"), listing);
    assertFalse(listing.contains("hmac"), listing);
    assertTrue(listing.indexOf("tls\t") < listing.indexOf("signing\t"), "sorted by expiry: " + listing);
  }

  @Test
  void invalidPartnerFile_exitsWithOne() throws Exception {
    Files.writeString(directory.resolve("acme.json"), "{\"id\": \"globex\"}");

    CommandLine command = CountersignCommand.commandLine();
    command.setOut(new PrintWriter(new StringWriter()));
    command.setErr(new PrintWriter(new StringWriter()));

    assertEquals(1, command.execute("credentials", "--partners", directory.toString()));
  }
}
