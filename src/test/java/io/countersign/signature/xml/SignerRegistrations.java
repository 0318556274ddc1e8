package io.countersign.signature.xml;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** An in-memory signer directory for tests. */
record SignerRegistrations(List<RegisteredSigner> signers) implements SignerDirectory {

  /** Registers the acme certificates, including expired and future ones, and globex's. */
  static SignerRegistrations standard() {
    return new SignerRegistrations(
        List.of(
            register("acme", TestPki.ACME_RSA),
            register("acme", TestPki.ACME_EC),
            register("acme", TestPki.ACME_EXPIRED),
            register("acme", TestPki.ACME_FUTURE),
            register("globex", TestPki.GLOBEX)));
  }

  /** Registers a certificate with no registration window. */
  static RegisteredSigner register(String partnerId, IssuedCertificate issued) {
    return new RegisteredSigner(partnerId, issued.certificate(), null, null);
  }

  @Override
  public Optional<RegisteredSigner> findByCertificate(X509Certificate hint) {
    return signers.stream().filter(signer -> signer.certificate().equals(hint)).findFirst();
  }

  @Override
  public List<RegisteredSigner> signersOf(String partnerId) {
    return signers.stream().filter(signer -> signer.partnerId().equals(partnerId)).toList();
  }
}
