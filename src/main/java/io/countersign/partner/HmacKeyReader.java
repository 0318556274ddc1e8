package io.countersign.partner;

import io.countersign.signature.RegisteredHmacKey;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Reads an HMAC key entry of a partner file. The secret itself is never in the partner file: it
 * comes from a file ({@code secretFile}, relative to the partner file) or an environment variable
 * ({@code secretEnv}), as base64 (standard or URL-safe) of at least 32 bytes.
 */
final class HmacKeyReader {

  private HmacKeyReader() {}

  static RegisteredHmacKey read(String partnerId, JsonObject entry, Path file)
      throws InvalidPartnerFileException {
    if (entry.containsKey("secret")) {
      throw new InvalidPartnerFileException(
          file, "an HMAC secret must not be written in the partner file; use secretFile or secretEnv");
    }
    String keyId = PartnerFileParser.requiredString(entry, entry.containsKey("id") ? "id" : "keyId", file);
    String encoded = encodedSecret(keyId, entry, file);
    byte[] secret;
    try {
      secret = decode(encoded.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidPartnerFileException(file, "HMAC key '" + keyId + "' is not valid base64");
    }
    try {
      return new RegisteredHmacKey(
          partnerId,
          keyId,
          secret,
          PartnerFileParser.instant(entry, "notBefore", file),
          PartnerFileParser.instant(entry, "notAfter", file));
    } catch (IllegalArgumentException e) {
      throw new InvalidPartnerFileException(file, "HMAC key '" + keyId + "': " + e.getMessage());
    }
  }

  private static String encodedSecret(String keyId, JsonObject entry, Path file)
      throws InvalidPartnerFileException {
    if (entry.containsKey("secretFile")) {
      Path secretFile =
          file.toAbsolutePath()
              .getParent()
              .resolve(PartnerFileParser.requiredString(entry, "secretFile", file))
              .normalize();
      try {
        return Files.readString(secretFile, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new InvalidPartnerFileException(
            file, "cannot read the secret of HMAC key '" + keyId + "' from " + secretFile);
      }
    }
    if (entry.containsKey("secretEnv")) {
      String variable = PartnerFileParser.requiredString(entry, "secretEnv", file);
      String value = System.getenv(variable);
      if (value == null || value.isBlank()) {
        throw new InvalidPartnerFileException(
            file, "environment variable " + variable + " of HMAC key '" + keyId + "' is not set");
      }
      return value;
    }
    throw new InvalidPartnerFileException(
        file, "HMAC key '" + keyId + "' needs secretFile or secretEnv");
  }

  private static byte[] decode(String encoded) {
    if (encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0) {
      return Base64.getUrlDecoder().decode(encoded);
    }
    return Base64.getDecoder().decode(encoded);
  }
}
