package io.countersign.benchmark;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import io.countersign.signature.RegisteredSigner;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A throw-away CA with document signing and receipt certificates, issued at set-up time. */
public final class BenchmarkPki {

  /** The partner that the benchmark documents come from. */
  public static final String PARTNER = "acme";

  /** The key types that partners sign documents with. */
  public enum KeyType {
    RSA_2048,
    EC_P256
  }

  private static final Duration VALIDITY = Duration.ofDays(2);

  private final IssuedCertificate authority;
  private final Instant notBefore;

  public BenchmarkPki() {
    // Backdated, so that a clock a little behind still finds the certificates valid.
    this.notBefore = Instant.now().minus(Duration.ofHours(1));
    this.authority =
        CertificateIssuer.selfSignedAuthority(
            "O=Countersign Benchmark,CN=Benchmark CA",
            CertificateIssuer.generateEcKeyPair(),
            notBefore,
            VALIDITY);
  }

  public IssuedCertificate authority() {
    return authority;
  }

  /** Issues a document signing certificate with a new key of the type. */
  public IssuedCertificate documentSigner(KeyType type) {
    KeyPair keys =
        switch (type) {
          case RSA_2048 -> CertificateIssuer.generateRsaKeyPair(2048);
          case EC_P256 -> CertificateIssuer.generateEcKeyPair();
        };
    return issue("O=" + PARTNER + ",CN=" + PARTNER + " document signing", keys, Role.DOCUMENT_SIGNING);
  }

  /** Issues a receipt signing certificate with a new ECDSA P-256 key, as the server has. */
  public IssuedCertificate receiptSigner() {
    KeyPair keys = CertificateIssuer.generateEcKeyPair();
    return issue("O=Countersign Benchmark,CN=Receipts", keys, Role.RECEIPT_SIGNING);
  }

  /** Returns a directory in which {@link #PARTNER} registers the certificate, pinned. */
  public static InMemorySignerDirectory directoryOf(IssuedCertificate signer) {
    return new InMemorySignerDirectory(
        List.of(new RegisteredSigner(PARTNER, signer.certificate(), null, null)));
  }

  private IssuedCertificate issue(String subject, KeyPair keys, Role role) {
    return CertificateIssuer.issue(authority, subject, keys, role, List.of(), notBefore, VALIDITY);
  }
}
