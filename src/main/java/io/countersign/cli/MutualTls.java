package io.countersign.cli;

import io.countersign.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
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
   * @throws IOException if a file is missing or not PEM, or the key does not match the certificate
   */
  static SSLContext sslContext(Path certificateFile, Path keyFile, Path trustedFile)
      throws IOException, GeneralSecurityException {
    PemCredential client = PemCredential.read(certificateFile, keyFile);

    // The key store lives only in memory, so its password protects nothing and is random.
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    char[] password = HexFormat.of().formatHex(random).toCharArray();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(
        "client", client.key(), password, client.chain().toArray(Certificate[]::new));
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
}
