package io.countersign.benchmark.load;

import io.countersign.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A partner's keys from the development PKI: the TLS client key that authenticates its connection
 * and the document signing key, with the CA that issued the server's certificate.
 */
record PartnerKeys(
    String partnerId,
    X509Certificate tlsCertificate,
    PrivateKey tlsKey,
    X509Certificate signingCertificate,
    PrivateKey signingKey,
    List<X509Certificate> authorities) {

  /** Reads {@code partners/ID/tls.*} and {@code signing.*} and {@code ca.pem} of the PKI. */
  static PartnerKeys read(Path keystores, String partnerId) throws IOException {
    Path directory = keystores.resolve("partners").resolve(partnerId);
    return new PartnerKeys(
        partnerId,
        PemFiles.readCertificate(directory.resolve("tls.pem")),
        PemFiles.readPrivateKey(directory.resolve("tls.key")),
        PemFiles.readCertificate(directory.resolve("signing.pem")),
        PemFiles.readPrivateKey(directory.resolve("signing.key")),
        PemFiles.readCertificates(keystores.resolve("ca.pem")));
  }

  /** Creates a TLS context that presents the TLS client certificate and trusts only the CA. */
  SSLContext sslContext() throws IOException, GeneralSecurityException {
    // The key store lives only in memory, so its password protects nothing.
    char[] password = "in-memory".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("client", tlsKey, password, new Certificate[] {tlsCertificate});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);

    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    for (int i = 0; i < authorities.size(); i++) {
      trusted.setCertificateEntry("ca-" + i, authorities.get(i));
    }
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);

    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }
}
