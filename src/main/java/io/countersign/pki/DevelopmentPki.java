package io.countersign.pki;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Generates the development PKI into a directory, creating only the files that are missing.
 *
 * <p>Layout, all PEM unless named otherwise:
 *
 * <pre>
 * ca.pem, ca.key                          the development CA that issues everything below
 * server/tls.pem, tls.key, tls.p12        the server's TLS certificate for localhost and 127.0.0.1
 * server/truststore.p12                   the development CA, for the server's TLS trust store
 * server/receipt.pem, receipt.key         the server's receipt signing key (ECDSA P-256);
 *                                         receipt.pem holds its chain, leaf first
 * server/payara.properties                keystore paths and passwords for Payara Micro
 * partners/ID/tls.pem, tls.key            the partner's TLS client certificate (clientAuth)
 * partners/ID/signing.pem, signing.key    the partner's document signing certificate (RSA 2048,
 *                                         or ECDSA P-256 on request)
 * partners/ID/hmac-primary.key, hmac-secondary.key  the partner's HMAC secrets, on request
 * </pre>
 *
 * <p>The private keys are unencrypted so that curl, OpenSSL and xmlsec1 read them as they are;
 * they are for development and tests only.
 */
public final class DevelopmentPki {

  private static final Duration CA_VALIDITY = Duration.ofDays(5 * 365);
  private static final Duration LEAF_VALIDITY = Duration.ofDays(2 * 365);
  /** Backdating covers clock skew between the generating and the verifying machine. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private final Path root;
  private final Clock clock;

  public DevelopmentPki(Path root, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.clock = clock;
  }

  public Path root() {
    return root;
  }

  public Path caCertificate() {
    return root.resolve("ca.pem");
  }

  public Path partnerDirectory(String partnerId) {
    return root.resolve("partners").resolve(partnerId);
  }

  /** The key type of a partner's document signing certificate. */
  public enum SigningKeyType {
    RSA_2048,
    EC_P256
  }

  /** Creates whatever is missing of the CA, the server's keys and the given partners' keys. */
  public void ensure(List<String> partnerIds) throws IOException {
    ensure(partnerIds, List.of());
  }

  /**
   * Creates whatever is missing, like {@link #ensure(List)}; the partners in {@code ecSigners}
   * get an ECDSA P-256 signing key instead of RSA 2048.
   */
  public void ensure(List<String> partnerIds, List<String> ecSigners) throws IOException {
    IssuedCertificate ca = ensureAuthority();
    ensureServer(ca);
    for (String partnerId : partnerIds) {
      SigningKeyType type =
          ecSigners.contains(partnerId) ? SigningKeyType.EC_P256 : SigningKeyType.RSA_2048;
      ensurePartner(ca, partnerId, type);
    }
  }

  private IssuedCertificate ensureAuthority() throws IOException {
    Path certificate = caCertificate();
    Path key = root.resolve("ca.key");
    if (Files.exists(certificate) && Files.exists(key)) {
      return load(certificate, key);
    }
    KeyPair keys = CertificateIssuer.generateEcKeyPair();
    IssuedCertificate ca =
        CertificateIssuer.selfSignedAuthority(
            "O=Countersign,CN=Countersign Development CA", keys, notBefore(), CA_VALIDITY);
    PemFiles.writeCertificates(certificate, List.of(ca.certificate()));
    PemFiles.writePrivateKey(key, keys);
    return ca;
  }

  private void ensureServer(IssuedCertificate ca) throws IOException {
    Path server = root.resolve("server");
    if (!Files.exists(server.resolve("tls.pem")) || !Files.exists(server.resolve("tls.p12"))) {
      IssuedCertificate tls =
          CertificateIssuer.issue(
              ca,
              "O=Countersign,CN=localhost",
              CertificateIssuer.generateEcKeyPair(),
              Role.TLS_SERVER,
              List.of("localhost", "127.0.0.1"),
              notBefore(),
              LEAF_VALIDITY);
      write(server, "tls", tls);
      writeServerKeystores(server, tls, ca);
    }
    if (!Files.exists(server.resolve("receipt.pem"))) {
      IssuedCertificate receipt =
          CertificateIssuer.issue(
              ca,
              "O=Countersign,CN=Countersign Receipts",
              CertificateIssuer.generateEcKeyPair(),
              Role.RECEIPT_SIGNING,
              List.of(),
              notBefore(),
              LEAF_VALIDITY);
      // The receipt certificate file carries the chain, so that receipts name it in x5c.
      PemFiles.writePrivateKey(server.resolve("receipt.key"), receipt.keyPair());
      PemFiles.writeCertificates(
          server.resolve("receipt.pem"), List.of(receipt.certificate(), ca.certificate()));
    }
  }

  /**
   * Creates a partner's primary and secondary HMAC secrets unless they exist: 32 random bytes each,
   * base64-encoded, in {@code partners/ID/hmac-primary.key} and {@code hmac-secondary.key}.
   */
  public void ensureHmacKeys(String partnerId) throws IOException {
    Path directory = partnerDirectory(partnerId);
    Files.createDirectories(directory);
    for (String name : List.of("hmac-primary.key", "hmac-secondary.key")) {
      Path file = directory.resolve(name);
      if (!Files.exists(file)) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
        PemFiles.restrictToOwner(file);
      }
    }
  }

  /** Creates the partner's TLS client and document signing keys unless both exist. */
  public void ensurePartner(String partnerId) throws IOException {
    ensurePartner(ensureAuthority(), partnerId, SigningKeyType.RSA_2048);
  }

  private void ensurePartner(IssuedCertificate ca, String partnerId, SigningKeyType signingKeyType)
      throws IOException {
    if (!partnerId.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException(
          "Invalid partner id '" + partnerId + "': use lower-case letters, digits and hyphens");
    }
    Path directory = partnerDirectory(partnerId);
    if (!Files.exists(directory.resolve("tls.pem"))) {
      IssuedCertificate tls =
          CertificateIssuer.issue(
              ca,
              "O=" + partnerId + ",CN=" + partnerId + " TLS client",
              CertificateIssuer.generateEcKeyPair(),
              Role.TLS_CLIENT,
              List.of(),
              notBefore(),
              LEAF_VALIDITY);
      write(directory, "tls", tls);
    }
    if (!Files.exists(directory.resolve("signing.pem"))) {
      IssuedCertificate signing =
          CertificateIssuer.issue(
              ca,
              "O=" + partnerId + ",CN=" + partnerId + " document signing",
              signingKeyType == SigningKeyType.EC_P256
                  ? CertificateIssuer.generateEcKeyPair()
                  : CertificateIssuer.generateRsaKeyPair(2048),
              Role.DOCUMENT_SIGNING,
              List.of(),
              notBefore(),
              LEAF_VALIDITY);
      write(directory, "signing", signing);
    }
  }

  private static void write(Path directory, String name, IssuedCertificate issued)
      throws IOException {
    PemFiles.writePrivateKey(directory.resolve(name + ".key"), issued.keyPair());
    PemFiles.writeCertificates(directory.resolve(name + ".pem"), List.of(issued.certificate()));
  }

  private void writeServerKeystores(Path server, IssuedCertificate tls, IssuedCertificate ca)
      throws IOException {
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Path keystore = server.resolve("tls.p12");
    Path truststore = server.resolve("truststore.p12");
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "server",
          tls.keyPair().getPrivate(),
          password.toCharArray(),
          new Certificate[] {tls.certificate(), ca.certificate()});
      store(keys, keystore, password);

      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("countersign-development-ca", ca.certificate());
      store(trusted, truststore, password);
    } catch (GeneralSecurityException e) {
      throw new IOException("Failed to write the server's PKCS#12 keystores", e);
    }

    Properties properties = new Properties();
    properties.setProperty("countersign.tls.keystore", keystore.toString());
    properties.setProperty("countersign.tls.truststore", truststore.toString());
    properties.setProperty("countersign.tls.password", password);
    properties.setProperty("countersign.receipt.key", server.resolve("receipt.key").toString());
    properties.setProperty("countersign.receipt.chain", server.resolve("receipt.pem").toString());
    Path file = server.resolve("payara.properties");
    try (var writer = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
      properties.store(writer, "Generated with the development PKI; passwords of the keystores beside it");
    }
    PemFiles.restrictToOwner(file);
  }

  private static void store(KeyStore keyStore, Path file, String password)
      throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      keyStore.store(out, password.toCharArray());
    }
    PemFiles.restrictToOwner(file);
  }

  private static IssuedCertificate load(Path certificateFile, Path keyFile) throws IOException {
    X509Certificate certificate = PemFiles.readCertificate(certificateFile);
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    return new IssuedCertificate(certificate, new KeyPair(certificate.getPublicKey(), key));
  }

  private Instant notBefore() {
    return clock.instant().minus(BACKDATE);
  }
}
