package io.countersign.benchmark;

import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Pinned signing certificates held in memory, so that a benchmark measures verification and not
 * the partner registry's file handling.
 */
public record InMemorySignerDirectory(List<RegisteredSigner> signers) implements SignerDirectory {

  public InMemorySignerDirectory {
    signers = List.copyOf(signers);
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
