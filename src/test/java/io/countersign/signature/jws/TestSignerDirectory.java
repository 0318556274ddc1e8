package io.countersign.signature.jws;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.signature.RegisteredHmacKey;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An in-memory signer directory with certificates and HMAC keys, for tests. */
record TestSignerDirectory(List<RegisteredSigner> signers, List<RegisteredHmacKey> hmacKeys)
    implements SignerDirectory {

  /** Registers acme's certificates, including expired and future ones, and globex's. */
  static TestSignerDirectory standard() {
    return new TestSignerDirectory(
        List.of(
            register("acme", JwsTestPki.ACME_EC),
            register("acme", JwsTestPki.ACME_RSA),
            register("acme", JwsTestPki.ACME_ED25519),
            register("acme", JwsTestPki.ACME_EXPIRED),
            register("acme", JwsTestPki.ACME_FUTURE),
            register("globex", JwsTestPki.GLOBEX)),
        List.of());
  }

  static RegisteredSigner register(String partnerId, IssuedCertificate issued) {
    return new RegisteredSigner(partnerId, issued.certificate(), null, null);
  }

  TestSignerDirectory with(RegisteredSigner signer) {
    List<RegisteredSigner> more = new ArrayList<>(signers);
    more.add(signer);
    return new TestSignerDirectory(more, hmacKeys);
  }

  TestSignerDirectory with(RegisteredHmacKey key) {
    List<RegisteredHmacKey> more = new ArrayList<>(hmacKeys);
    more.add(key);
    return new TestSignerDirectory(signers, more);
  }

  @Override
  public Optional<RegisteredSigner> findByCertificate(X509Certificate hint) {
    return signers.stream().filter(signer -> signer.certificate().equals(hint)).findFirst();
  }

  @Override
  public List<RegisteredSigner> signersOf(String partnerId) {
    return signers.stream().filter(signer -> signer.partnerId().equals(partnerId)).toList();
  }

  @Override
  public List<RegisteredHmacKey> hmacKeysOf(String partnerId) {
    return hmacKeys.stream().filter(key -> key.partnerId().equals(partnerId)).toList();
  }
}
