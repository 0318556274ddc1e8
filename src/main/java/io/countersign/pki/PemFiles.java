package io.countersign.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;

/** Reads and writes certificates and private keys as PEM, the format curl, OpenSSL and xmlsec1 use. */
public final class PemFiles {

  private PemFiles() {}

  /** Reads every certificate in a PEM file, in file order. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      return readCertificates(reader, file.toString());
    }
  }

  /** Reads every certificate from PEM text; {@code source} names it in error messages. */
  public static List<X509Certificate> readCertificates(Reader pem, String source) throws IOException {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(pem)) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof X509CertificateHolder holder) {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (CertificateException e) {
      throw new IOException("Invalid certificate in " + source + ": " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IOException("No PEM certificate found in " + source);
    }
    return certificates;
  }

  /** Reads the first certificate of a PEM file. */
  public static X509Certificate readCertificate(Path file) throws IOException {
    return readCertificates(file).getFirst();
  }

  /** Reads an unencrypted private key in PKCS#8 ("PRIVATE KEY") or OpenSSL's traditional form. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (item instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    }
    throw new IOException("No unencrypted PEM private key found in " + file);
  }

  /** Writes certificates as PEM, readable by anyone. */
  public static void writeCertificates(Path file, List<X509Certificate> certificates)
      throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, toPem(certificates), StandardCharsets.US_ASCII);
  }

  /** Returns certificates as PEM text, in list order. */
  public static String toPem(List<X509Certificate> certificates) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      // A StringWriter does not fail, and the certificates were parsed, so they encode.
      throw new UncheckedIOException("PEM encoding failed", e);
    }
    return text.toString();
  }

  /** Writes a private key as unencrypted PKCS#8 PEM, readable by the owner only. */
  public static void writePrivateKey(Path file, KeyPair keyPair) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      PemObject pem = new JcaPKCS8Generator(keyPair.getPrivate(), null).generate();
      writer.writeObject(pem);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    restrictToOwner(file);
  }

  static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps its default permissions.
    }
  }
}
