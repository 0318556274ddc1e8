package io.countersign.cli;

import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The signer directory of an evidence bundle: the signer certificate registered to the bundle's
 * partner, and each cosigner certificate registered to a partner of its own. With it the project's
 * verifiers check the document offline as the server did, with the certificates it stored.
 *
 * <p>It registers no HMAC keys, because a third party never has them.
 */
final class BundleSigners implements SignerDirectory {

  private final List<RegisteredSigner> signers = new ArrayList<>();

  BundleSigners(String partnerId, X509Certificate signer, List<X509Certificate> cosigners) {
    signers.add(new RegisteredSigner(partnerId, signer, null, null));
    for (int i = 0; i < cosigners.size(); i++) {
      // A cosigner's partner is not stored, and a name that no partner has keeps it apart.
      signers.add(new RegisteredSigner("cosigner " + (i + 1), cosigners.get(i), null, null));
    }
  }

  @Override
  public Optional<RegisteredSigner> findByCertificate(X509Certificate hint) {
    return signers.stream().filter(signer -> signer.certificate().equals(hint)).findFirst();
  }

  @Override
  public List<RegisteredSigner> signersOf(String partner) {
    return signers.stream().filter(signer -> signer.partnerId().equals(partner)).toList();
  }
}
