package io.countersign.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.PemFiles;
import io.countersign.trust.CertificateSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartnerFileParserTest {

  @TempDir Path directory;

  private IssuedCertificate tls;
  private IssuedCertificate signing;

  @BeforeEach
  void writeCertificates() throws IOException {
    Instant now = Instant.now();
    IssuedCertificate ca =
        CertificateIssuer.selfSignedAuthority(
            "CN=Test CA", CertificateIssuer.generateEcKeyPair(), now, Duration.ofDays(1));
    tls = issue(ca, "CN=acme TLS", CertificateIssuer.Role.TLS_CLIENT);
    signing = issue(ca, "CN=acme signing", CertificateIssuer.Role.DOCUMENT_SIGNING);
    PemFiles.writeCertificates(directory.resolve("certs/tls.pem"), List.of(tls.certificate()));
    PemFiles.writeCertificates(directory.resolve("certs/signing.pem"), List.of(signing.certificate()));
  }

  @Test
  void parse_certificateFilesRelativeToPartnerFile() throws Exception {
    Path file =
        write(
            "acme.json",
            """
            {"id": "acme", "name": "ACME",
             "tlsClients": [{"certificate": "certs/tls.pem"}],
             "signingCertificates": [{"certificate": "certs/signing.pem",
                                      "notAfter": "2030-01-01T00:00:00Z"}]}
            """);

    Partner partner = PartnerFileParser.parse(file);

    assertEquals("acme", partner.id());
    assertEquals("ACME", partner.name());
    assertEquals(CertificateSummary.fingerprint(tls.certificate()), partner.tlsClients().getFirst().sha256());
    assertEquals(signing.certificate(), partner.signers().getFirst().certificate());
    assertEquals(Instant.parse("2030-01-01T00:00:00Z"), partner.signers().getFirst().notAfter());
    assertNull(partner.signers().getFirst().notBefore());
  }

  @Test
  void parse_pinnedFingerprintWithColonsAndUpperCase() throws Exception {
    String hex = CertificateSummary.fingerprint(tls.certificate());
    String colons = String.join(":", hex.toUpperCase().split("(?<=\\G..)"));
    Path file = write("acme.json", "{\"id\": \"acme\", \"tlsClients\": [{\"sha256\": \"" + colons + "\"}]}");

    Partner partner = PartnerFileParser.parse(file);

    assertEquals(hex, partner.tlsClients().getFirst().sha256());
  }

  @Test
  void parse_idNotMatchingFileName_isInvalid() throws Exception {
    Path file = write("acme.json", "{\"id\": \"globex\"}");

    InvalidPartnerFileException e =
        assertThrows(InvalidPartnerFileException.class, () -> PartnerFileParser.parse(file));

    assertTrue(e.getMessage().contains("globex.json"), e.getMessage());
  }

  @Test
  void parse_missingCertificateFile_isInvalid() throws Exception {
    Path file =
        write("acme.json", "{\"id\": \"acme\", \"signingCertificates\": [{\"certificate\": \"nope.pem\"}]}");

    InvalidPartnerFileException e =
        assertThrows(InvalidPartnerFileException.class, () -> PartnerFileParser.parse(file));

    assertTrue(e.getMessage().contains("nope.pem"), e.getMessage());
  }

  @Test
  void parse_badFingerprint_isInvalid() throws Exception {
    Path file = write("acme.json", "{\"id\": \"acme\", \"tlsClients\": [{\"sha256\": \"abc\"}]}");

    assertThrows(InvalidPartnerFileException.class, () -> PartnerFileParser.parse(file));
  }

  @Test
  void parse_badInstant_isInvalid() throws Exception {
    Path file =
        write(
            "acme.json",
            "{\"id\": \"acme\", \"tlsClients\": [{\"certificate\": \"certs/tls.pem\", \"notAfter\": \"tomorrow\"}]}");

    InvalidPartnerFileException e =
        assertThrows(InvalidPartnerFileException.class, () -> PartnerFileParser.parse(file));

    assertTrue(e.getMessage().contains("tomorrow"), e.getMessage());
  }

  @Test
  void parse_notJson_isInvalid() throws Exception {
    Path file = write("acme.json", "id: acme");

    assertThrows(InvalidPartnerFileException.class, () -> PartnerFileParser.parse(file));
  }

  @Test
  void parse_maxDocumentBytes_isKept() throws Exception {
    Path file = write("acme.json", "{\"id\": \"acme\", \"maxDocumentBytes\": 1073741824}");

    Partner partner = PartnerFileParser.parse(file);

    assertEquals(OptionalLong.of(1_073_741_824L), partner.maxDocumentBytes());
  }

  @Test
  void parse_withoutMaxDocumentBytes_isEmpty() throws Exception {
    Path file = write("acme.json", "{\"id\": \"acme\"}");

    Partner partner = PartnerFileParser.parse(file);

    assertEquals(OptionalLong.empty(), partner.maxDocumentBytes());
  }

  @Test
  void parse_invalidMaxDocumentBytes_isInvalid() throws Exception {
    for (String value : List.of("0", "-1", "1.5", "\"10 MB\"", "99999999999999999999")) {
      Path file = write("acme.json", "{\"id\": \"acme\", \"maxDocumentBytes\": " + value + "}");

      InvalidPartnerFileException e =
          assertThrows(
              InvalidPartnerFileException.class, () -> PartnerFileParser.parse(file), value);

      assertTrue(e.getMessage().contains("maxDocumentBytes"), e.getMessage());
      assertTrue(e.getMessage().contains(value), e.getMessage());
    }
  }

  @Test
  void directory_certificateOfTwoPartners_identifiesNeither() throws Exception {
    Path acme = write("acme.json", "{\"id\": \"acme\", \"tlsClients\": [{\"certificate\": \"certs/tls.pem\"}]}");
    Path globex = write("globex.json", "{\"id\": \"globex\", \"tlsClients\": [{\"certificate\": \"certs/tls.pem\"}]}");

    PartnerDirectory partners =
        PartnerDirectory.of(List.of(PartnerFileParser.parse(acme), PartnerFileParser.parse(globex)));

    assertTrue(partners.tlsClient(tls.certificate()).isEmpty());
    assertEquals(List.of(CertificateSummary.fingerprint(tls.certificate())), partners.conflicts());
  }

  private IssuedCertificate issue(IssuedCertificate ca, String subject, CertificateIssuer.Role role) {
    return CertificateIssuer.issue(
        ca, subject, CertificateIssuer.generateEcKeyPair(), role, List.of(), Instant.now(), Duration.ofDays(1));
  }

  private Path write(String name, String json) throws IOException {
    return Files.writeString(directory.resolve(name), json);
  }
}
