package io.countersign.signature.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The string that a partner's HMAC covers. {@link HmacRequestVerifier} documents the contract. */
final class HmacSigningString {

  private HmacSigningString() {}

  /**
   * Returns {@code timestamp + "\n" + method + "\n" + pathAndQuery + "\n" + hex(SHA-256(body))} in
   * UTF-8, with the digest in lower-case hexadecimal.
   */
  static byte[] of(String timestamp, String method, String pathAndQuery, byte[] body) {
    String signingString = timestamp + "\n" + method + "\n" + pathAndQuery + "\n" + sha256Hex(body);
    return signingString.getBytes(StandardCharsets.UTF_8);
  }

  static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
