package io.countersign.cli;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import io.countersign.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A CA with the certificates that tests need, issued at test time and valid for one day. */
final class TestPki {

  static final Duration VALIDITY = Duration.ofDays(1);

  final IssuedCertificate ca;
  final IssuedCertificate receiptSigner;
  final IssuedCertificate serverTls;
  final IssuedCertificate clientTls;

  TestPki(String name) {
    Instant notBefore = Instant.now().minus(Duration.ofMinutes(5));
    ca =
        CertificateIssuer.selfSignedAuthority(
            "O=" + name + ",CN=" + name + " CA",
            CertificateIssuer.generateEcKeyPair(),
            notBefore,
            VALIDITY);
    receiptSigner = issue("CN=" + name + " Receipts", Role.RECEIPT_SIGNING, List.of());
    serverTls = issue("CN=localhost", Role.TLS_SERVER, List.of("localhost", "127.0.0.1"));
    clientTls = issue("O=acme,CN=acme TLS client", Role.TLS_CLIENT, List.of());
  }

  IssuedCertificate issue(String subject, Role role, List<String> names) {
    return issue(subject, CertificateIssuer.generateEcKeyPair(), role, names);
  }

  IssuedCertificate issue(String subject, KeyPair keys, Role role, List<String> names) {
    Instant notBefore = Instant.now().minus(Duration.ofMinutes(5));
    return CertificateIssuer.issue(ca, subject, keys, role, names, notBefore, VALIDITY);
  }

  /** Writes the CA certificate as PEM and returns its path. */
  Path writeCa(Path directory) throws IOException {
    Path file = directory.resolve("ca.pem");
    PemFiles.writeCertificates(file, List.of(ca.certificate()));
    return file;
  }

  /** Writes the certificate and key as {@code name.pem} and {@code name.key}. */
  static void write(Path directory, String name, IssuedCertificate issued) throws IOException {
    PemFiles.writeCertificates(directory.resolve(name + ".pem"), List.of(issued.certificate()));
    PemFiles.writePrivateKey(directory.resolve(name + ".key"), issued.keyPair());
  }
}
