package io.countersign.cli;

import io.countersign.pki.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain, read from PEM files as curl and xmlsec1 take them.
 *
 * @param chain the certificate of the key first, then any intermediate CA certificates
 */
record PemCredential(List<X509Certificate> chain, PrivateKey key) {

  PemCredential {
    chain = List.copyOf(chain);
  }

  /**
   * Reads the certificate chain and the unencrypted private key, and checks that the key belongs
   * to the first certificate.
   *
   * @throws IOException if a file is missing or has no PEM certificate or key, or the key does not
   *     match the certificate
   */
  static PemCredential read(Path certificateFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    requireMatchingKey(chain.getFirst(), key, keyFile);
    return new PemCredential(chain, key);
  }

  X509Certificate certificate() {
    return chain.getFirst();
  }

  /**
   * Signs a test message with the key and verifies it with the certificate, because a mismatched
   * pair otherwise shows only later, as a failed TLS handshake or a rejected document.
   */
  private static void requireMatchingKey(X509Certificate certificate, PrivateKey key, Path keyFile)
      throws IOException, GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null) {
      // For other key types, the later use of the key is the only check.
      return;
    }

    byte[] message = "countersign key check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(message);
    byte[] signature = signer.sign();

    Signature verifier = Signature.getInstance(algorithm);
    try {
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(message);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // A key of another type than the certificate's is reported as a mismatch below.
    }
    throw new IOException(
        "The private key in "
            + keyFile
            + " does not match the certificate of "
            + certificate.getSubjectX500Principal().getName());
  }
}
