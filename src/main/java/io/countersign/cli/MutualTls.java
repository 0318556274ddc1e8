package io.countersign.cli;

import io.countersign.pki.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS context of a mutual TLS client from PEM files, as curl takes them. */
final class MutualTls {

  private static final SecureRandom RANDOM = new SecureRandom();

  private MutualTls() {}

  /**
   * Creates a TLS context that presents the certificate chain and key as the client certificate and
   * trusts only the CA certificates in {@code trustedFile} to issue the server's certificate.
   *
   * @param certificateFile the client certificate, followed by any intermediate CA certificates
   * @param keyFile the client's unencrypted private key
   * @throws IOException if a file is missing, is no PEM or the key does not match the certificate
   */
  static SSLContext sslContext(Path certificateFile, Path keyFile, Path trustedFile)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    requireMatchingKey(chain.getFirst(), key, keyFile);

    // The key store lives only in memory, so its password protects nothing and is random.
    char[] password = HexFormat.of().formatHex(RANDOM.generateSeed(16)).toCharArray();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry("client", key, password, chain.toArray(Certificate[]::new));
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keyStore, password);

    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trustStore(PemFiles.readCertificates(trustedFile)));

    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private static KeyStore trustStore(List<X509Certificate> trusted)
      throws IOException, GeneralSecurityException {
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    for (int i = 0; i < trusted.size(); i++) {
      trustStore.setCertificateEntry("ca-" + i, trusted.get(i));
    }
    return trustStore;
  }

  /**
   * Signs a test message with the key and verifies it with the certificate, because a mismatched
   * pair otherwise only shows as a handshake failure that the server reports without a reason.
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
      // For other key types, the TLS handshake is the only check.
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
