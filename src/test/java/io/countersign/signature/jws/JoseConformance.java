package io.countersign.signature.jws;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/** The public JOSE examples and Wycheproof vectors that the JWS tests verify. */
final class JoseConformance {

  static final Path ROOT =
      Path.of(System.getProperty("countersign.conformance", "../shared/conformance"));

  static final Path JOSE = ROOT.resolve("jose");
  static final Path WYCHEPROOF = ROOT.resolve("wycheproof").resolve("testvectors_v1");

  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32-byte key. */
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private JoseConformance() {}

  static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject json(Path file) {
    try (JsonReader reader = Json.createReader(Files.newBufferedReader(file))) {
      return reader.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a public key from its X.509 SubjectPublicKeyInfo DER, for a JCA key algorithm. */
  static PublicKey publicKey(String algorithm, byte[] der) {
    try {
      return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException("Not a " + algorithm + " public key", e);
    }
  }

  /** Returns an Ed25519 public key from its 32 raw bytes (RFC 8032). */
  static PublicKey ed25519(byte[] raw) {
    byte[] der = new byte[ED25519_SPKI_PREFIX.length + raw.length];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, raw.length);
    return publicKey("Ed25519", der);
  }
}
