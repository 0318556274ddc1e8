package io.countersign.partner;

import io.countersign.pki.PemFiles;
import io.countersign.signature.RegisteredSigner;
import io.countersign.trust.CertificateSummary;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one partner file, {@code <id>.json}:
 *
 * <pre>{@code
 * {
 *   "id": "acme",
 *   "name": "ACME Corporation",
 *   "tlsClients": [
 *     {"certificate": "../../keystores/partners/acme/tls.pem"},
 *     {"sha256": "9f86d0...", "notAfter": "2027-06-30T00:00:00Z"}
 *   ],
 *   "signingCertificates": [
 *     {"certificate": "../../keystores/partners/acme/signing.pem", "notBefore": "2026-01-01T00:00:00Z"}
 *   ]
 * }
 * }</pre>
 *
 * <p>Certificate paths are relative to the partner file. A TLS client is a certificate file or a
 * SHA-256 fingerprint; a signing certificate must be a file, because signatures are verified with
 * its public key. {@code notBefore} and {@code notAfter} bound the registration (ISO-8601 instants).
 */
final class PartnerFileParser {

  private PartnerFileParser() {}

  static Partner parse(Path file) throws InvalidPartnerFileException {
    JsonObject json = readJson(file);
    String id = requiredString(json, "id", file);
    String expectedId = file.getFileName().toString().replaceFirst("\\.json$", "");
    if (!id.equals(expectedId)) {
      throw new InvalidPartnerFileException(
          file, "id '" + id + "' does not match the file name; name the file " + id + ".json");
    }
    String name = json.getString("name", id);

    List<TlsClientCredential> tlsClients = new ArrayList<>();
    for (JsonObject entry : objects(json, "tlsClients", file)) {
      tlsClients.add(parseTlsClient(entry, file));
    }
    List<RegisteredSigner> signers = new ArrayList<>();
    for (JsonObject entry : objects(json, "signingCertificates", file)) {
      signers.add(parseSigner(id, entry, file));
    }
    return new Partner(id, name, tlsClients, signers);
  }

  private static TlsClientCredential parseTlsClient(JsonObject entry, Path file)
      throws InvalidPartnerFileException {
    String sha256;
    if (entry.containsKey("certificate")) {
      sha256 = CertificateSummary.fingerprint(readCertificate(entry, file));
    } else if (entry.containsKey("sha256")) {
      sha256 = normalizeFingerprint(requiredString(entry, "sha256", file), file);
    } else {
      throw new InvalidPartnerFileException(
          file, "each tlsClients entry needs \"certificate\" (a PEM file) or \"sha256\"");
    }
    return new TlsClientCredential(
        sha256, instant(entry, "notBefore", file), instant(entry, "notAfter", file));
  }

  private static RegisteredSigner parseSigner(String partnerId, JsonObject entry, Path file)
      throws InvalidPartnerFileException {
    X509Certificate certificate = readCertificate(entry, file);
    return new RegisteredSigner(
        partnerId, certificate, instant(entry, "notBefore", file), instant(entry, "notAfter", file));
  }

  private static X509Certificate readCertificate(JsonObject entry, Path file)
      throws InvalidPartnerFileException {
    Path certificateFile =
        file.toAbsolutePath().getParent().resolve(requiredString(entry, "certificate", file)).normalize();
    try {
      return PemFiles.readCertificate(certificateFile);
    } catch (IOException e) {
      throw new InvalidPartnerFileException(
          file, "cannot read certificate " + certificateFile + ": " + e.getMessage());
    }
  }

  private static String normalizeFingerprint(String value, Path file)
      throws InvalidPartnerFileException {
    String hex = value.replace(":", "").toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new InvalidPartnerFileException(
          file, "sha256 '" + value + "' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
    }
    return hex;
  }

  private static JsonObject readJson(Path file) throws InvalidPartnerFileException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        JsonReader json = Json.createReader(reader)) {
      return json.readObject();
    } catch (IOException | JsonException | ClassCastException e) {
      throw new InvalidPartnerFileException(file, "not a JSON object: " + e.getMessage());
    }
  }

  private static List<JsonObject> objects(JsonObject json, String key, Path file)
      throws InvalidPartnerFileException {
    JsonValue value = json.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new InvalidPartnerFileException(file, "\"" + key + "\" must be an array");
    }
    List<JsonObject> objects = new ArrayList<>();
    for (JsonValue item : array) {
      if (!(item instanceof JsonObject object)) {
        throw new InvalidPartnerFileException(file, "every entry of \"" + key + "\" must be an object");
      }
      objects.add(object);
    }
    return objects;
  }

  private static String requiredString(JsonObject json, String key, Path file)
      throws InvalidPartnerFileException {
    if (!(json.get(key) instanceof JsonString string) || string.getString().isBlank()) {
      throw new InvalidPartnerFileException(file, "\"" + key + "\" is missing or not a string");
    }
    return string.getString();
  }

  private static Instant instant(JsonObject json, String key, Path file)
      throws InvalidPartnerFileException {
    if (!json.containsKey(key)) {
      return null;
    }
    String value = requiredString(json, key, file);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidPartnerFileException(
          file, "\"" + key + "\" is not an ISO-8601 instant such as 2027-01-31T00:00:00Z: " + value);
    }
  }
}
