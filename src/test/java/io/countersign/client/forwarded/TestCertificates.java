package io.countersign.client.forwarded;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A root, an intermediate and a TLS client leaf issued at test time. The leaf's PEM contains
 * {@code +} and {@code /}, so that the encodings that treat those characters differently are
 * really exercised.
 */
record TestCertificates(X509Certificate root, X509Certificate intermediate, X509Certificate leaf) {

  private static final Instant NOW = Instant.now();

  static TestCertificates issue() {
    IssuedCertificate root =
        CertificateIssuer.selfSignedAuthority(
            "CN=Test Root CA,O=Countersign Test",
            CertificateIssuer.generateEcKeyPair(),
            NOW,
            Duration.ofDays(2));
    IssuedCertificate intermediate =
        CertificateIssuer.issue(
            root,
            "CN=Test Intermediate CA,O=Countersign Test",
            CertificateIssuer.generateEcKeyPair(),
            Role.CERTIFICATE_AUTHORITY,
            List.of(),
            NOW,
            Duration.ofDays(1));
    return new TestCertificates(
        root.certificate(), intermediate.certificate(), leafWithPlusAndSlash(intermediate));
  }

  /** Returns the leaf followed by the intermediate and the root, as in a TLS handshake. */
  List<X509Certificate> fullChain() {
    return List.of(leaf, intermediate, root);
  }

  private static X509Certificate leafWithPlusAndSlash(IssuedCertificate issuer) {
    while (true) {
      X509Certificate leaf =
          CertificateIssuer.issue(
                  issuer,
                  "CN=acme TLS client,O=ACME",
                  CertificateIssuer.generateEcKeyPair(),
                  Role.TLS_CLIENT,
                  List.of(),
                  NOW,
                  Duration.ofHours(1))
              .certificate();
      String pem = ProxyEncodings.pem(leaf);
      if (pem.contains("+") && pem.contains("/")) {
        return leaf;
      }
    }
  }
}
