package io.countersign.partner;

import io.countersign.pki.PemFiles;
import io.countersign.signature.RegisteredHmacKey;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.http.HttpSignatureAlgorithm;
import io.countersign.signature.http.HttpSignatureKey;
import io.countersign.signature.jws.JwsPolicy;
import io.countersign.trust.CertificateSummary;
import io.countersign.trust.RevocationPolicy;
import io.countersign.trust.TrustAnchorSet;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.x500.X500Principal;

/**
 * Reads one partner file, {@code <id>.json}:
 *
 * <pre>{@code
 * {
 *   "id": "acme",
 *   "name": "ACME Corporation",
 *   "tlsClients": [
 *     {"certificate": "../../keystores/partners/acme/tls.pem"},
 *     {"sha256": "9f86d0...", "notAfter": "2027-06-30T00:00:00Z"},
 *     {"anchor": "acme-ca.pem", "subject": "CN=acme TLS client,O=acme",
 *      "intermediates": "acme-issuing-ca.pem"}
 *   ],
 *   "signingCertificates": [
 *     {"certificate": "../../keystores/partners/acme/signing.pem", "notBefore": "2026-01-01T00:00:00Z"}
 *   ],
 *   "hmacKeys": [
 *     {"id": "2026-12", "secretFile": "secrets/acme-hmac-2026-12"},
 *     {"id": "2027-06", "secretEnv": "ACME_HMAC_2027_06", "notBefore": "2027-06-01T00:00:00Z"}
 *   ],
 *   "jws": {"algorithms": ["RS256", "ES256"], "requireIat": true, "maxIatAgeSeconds": 900},
 *   "httpSignatureKeys": [
 *     {"keyId": "acme-2026", "algorithm": "ecdsa-p256-sha256", "certificate": "acme-http.pem"}
 *   ],
 *   "authentication": {"signatureOnly": false, "requirePayloadSignature": true},
 *   "revocation": {"check": true, "unreachableResponder": "fail-closed"},
 *   "maxDocumentBytes": 1073741824
 * }
 * }</pre>
 *
 * <p>Certificate paths are relative to the partner file. A TLS client is a pinned certificate file,
 * a pinned SHA-256 fingerprint, or a CA ({@code anchor}, PEM, one or more certificates) with the
 * exact subject that the partner's certificates carry; a CA-issued certificate is validated as a
 * PKIX path with revocation checks. A signing certificate is a pinned certificate file, or a CA
 * with subject in the same way; SHA-256 pins are not accepted for signers, because a signature
 * must name its certificate. {@code notBefore} and {@code notAfter} bound the registration
 * (ISO-8601 instants). Revocation is checked by default, and fails closed when no responder
 * responds. Without {@code maxDocumentBytes}, the server's {@code countersign.document.max-bytes}
 * limits the partner's documents.
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
    List<SigningAnchor> signingAnchors = new ArrayList<>();
    for (JsonObject entry : objects(json, "signingCertificates", file)) {
      if (entry.containsKey("anchor")) {
        signingAnchors.add(
            new SigningAnchor(
                trustAnchors(entry, file),
                instant(entry, "notBefore", file),
                instant(entry, "notAfter", file)));
      } else {
        signers.add(parseSigner(id, entry, file));
      }
    }
    List<RegisteredHmacKey> hmacKeys = new ArrayList<>();
    for (JsonObject entry : objects(json, "hmacKeys", file)) {
      hmacKeys.add(HmacKeyReader.read(id, entry, file));
    }
    List<HttpSignatureKey> httpSignatureKeys = new ArrayList<>();
    for (JsonObject entry : objects(json, "httpSignatureKeys", file)) {
      httpSignatureKeys.add(httpSignatureKey(id, entry, file));
    }
    return new Partner(
        id,
        name,
        tlsClients,
        signers,
        signingAnchors,
        hmacKeys,
        httpSignatureKeys,
        authenticationPolicy(json),
        revocationPolicy(json, file),
        jwsPolicy(json, !hmacKeys.isEmpty(), file),
        maxDocumentBytes(json, file));
  }

  /** Reads the optional {@code "maxDocumentBytes"}: a positive whole number of bytes. */
  private static OptionalLong maxDocumentBytes(JsonObject json, Path file)
      throws InvalidPartnerFileException {
    JsonValue value = json.get("maxDocumentBytes");
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      long bytes = ((JsonNumber) value).longValueExact();
      if (bytes > 0) {
        return OptionalLong.of(bytes);
      }
    } catch (ClassCastException | ArithmeticException e) {
      // Reported below with the value.
    }
    throw new InvalidPartnerFileException(
        file, "\"maxDocumentBytes\" must be a positive whole number of bytes, not " + value);
  }

  /**
   * Reads the partner's JWS policy: {@code "jws": {"algorithms": ["ES256"], "requireIat": true,
   * "maxIatAgeSeconds": 900}}. HS256/384/512 must be listed explicitly and need an HMAC key.
   */
  private static JwsPolicy jwsPolicy(JsonObject json, boolean hasHmacKeys, Path file)
      throws InvalidPartnerFileException {
    JwsPolicy policy = JwsPolicy.defaults();
    if (!(json.get("jws") instanceof JsonObject jws)) {
      return policy;
    }
    try {
      if (jws.get("algorithms") instanceof JsonArray algorithms) {
        Set<String> allowed = new HashSet<>();
        for (JsonValue algorithm : algorithms) {
          allowed.add(((JsonString) algorithm).getString());
        }
        if (!hasHmacKeys && !Collections.disjoint(allowed, JwsPolicy.HMAC_ALGORITHMS)) {
          throw new InvalidPartnerFileException(
              file, "jws.algorithms lists an HMAC algorithm, but the partner has no hmacKeys");
        }
        policy = policy.withAlgorithms(allowed);
      }
      if (!jws.getBoolean("requireIat", true)) {
        policy = policy.allowMissingIat();
      }
      if (jws.containsKey("maxIatAgeSeconds")) {
        policy =
            policy.withIatWindow(
                Duration.ofSeconds(jws.getJsonNumber("maxIatAgeSeconds").longValueExact()),
                policy.maxIatSkew());
      }
      return policy;
    } catch (ClassCastException | ArithmeticException | IllegalArgumentException e) {
      throw new InvalidPartnerFileException(file, "invalid \"jws\" policy: " + e.getMessage());
    }
  }

  private static AuthenticationPolicy authenticationPolicy(JsonObject json) {
    if (!(json.get("authentication") instanceof JsonObject authentication)) {
      return AuthenticationPolicy.DEFAULT;
    }
    return new AuthenticationPolicy(
        authentication.getBoolean("signatureOnly", false),
        authentication.getBoolean("requirePayloadSignature", true));
  }

  /**
   * Reads an RFC 9421 key: {@code {"keyId": "acme-2026", "algorithm": "ecdsa-p256-sha256",
   * "certificate": "acme-http.pem"}}, or for {@code hmac-sha256} a {@code secretFile} or {@code
   * secretEnv} as for HMAC keys.
   */
  private static HttpSignatureKey httpSignatureKey(String partnerId, JsonObject entry, Path file)
      throws InvalidPartnerFileException {
    String keyId = requiredString(entry, "keyId", file);
    String identifier = requiredString(entry, "algorithm", file);
    HttpSignatureAlgorithm algorithm =
        HttpSignatureAlgorithm.fromIdentifier(identifier)
            .orElseThrow(
                () ->
                    new InvalidPartnerFileException(
                        file,
                        "HTTP signature key '"
                            + keyId
                            + "' has the unknown algorithm '"
                            + identifier
                            + "'; use rsa-pss-sha512, ecdsa-p256-sha256, ed25519 or hmac-sha256"));
    Key key =
        algorithm.isAsymmetric()
            ? readCertificate(entry, file).getPublicKey()
            : new SecretKeySpec(HmacKeyReader.read(partnerId, entry, file).secret(), "HmacSHA256");
    try {
      return new HttpSignatureKey(
          keyId,
          partnerId,
          algorithm,
          key,
          instant(entry, "notBefore", file),
          instant(entry, "notAfter", file));
    } catch (IllegalArgumentException e) {
      throw new InvalidPartnerFileException(file, "HTTP signature key '" + keyId + "': " + e.getMessage());
    }
  }

  private static RevocationPolicy revocationPolicy(JsonObject json, Path file)
      throws InvalidPartnerFileException {
    if (!(json.get("revocation") instanceof JsonObject revocation)) {
      return RevocationPolicy.DEFAULT;
    }
    RevocationPolicy policy = RevocationPolicy.DEFAULT;
    if (!revocation.getBoolean("check", true)) {
      policy = policy.withoutRevocationChecking();
    }
    String unreachable = revocation.getString("unreachableResponder", "fail-closed");
    switch (unreachable) {
      case "fail-closed" -> {}
      case "fail-open" -> policy = policy.acceptingUnreachableResponders();
      default ->
          throw new InvalidPartnerFileException(
              file,
              "revocation.unreachableResponder must be fail-closed or fail-open, not '"
                  + unreachable
                  + "'");
    }
    return policy;
  }

  private static TlsClientCredential parseTlsClient(JsonObject entry, Path file)
      throws InvalidPartnerFileException {
    Instant notBefore = instant(entry, "notBefore", file);
    Instant notAfter = instant(entry, "notAfter", file);
    if (entry.containsKey("certificate")) {
      X509Certificate certificate = readCertificate(entry, file);
      String sha256 = CertificateSummary.fingerprint(certificate);
      return TlsClientCredential.pinned(sha256, certificate, notBefore, notAfter);
    }
    if (entry.containsKey("sha256")) {
      String sha256 = normalizeFingerprint(requiredString(entry, "sha256", file), file);
      return TlsClientCredential.pinned(sha256, null, notBefore, notAfter);
    }
    if (entry.containsKey("anchor")) {
      return TlsClientCredential.anchored(trustAnchors(entry, file), notBefore, notAfter);
    }
    throw new InvalidPartnerFileException(
        file,
        "each tlsClients entry needs \"certificate\" (a PEM file), \"sha256\", or \"anchor\""
            + " with \"subject\"");
  }

  /** Reads a CA registration: anchor certificates, the required subject, optional intermediates. */
  private static TrustAnchorSet trustAnchors(JsonObject entry, Path file)
      throws InvalidPartnerFileException {
    List<X509Certificate> anchors = readCertificates(entry, "anchor", file);
    String subject = requiredString(entry, "subject", file);
    try {
      TrustAnchorSet set =
          TrustAnchorSet.of(anchors).withRequiredSubject(new X500Principal(subject));
      if (entry.containsKey("intermediates")) {
        set = set.withRegisteredIntermediates(readCertificates(entry, "intermediates", file));
      }
      return set;
    } catch (IllegalArgumentException e) {
      throw new InvalidPartnerFileException(file, "invalid anchor or subject: " + e.getMessage());
    }
  }

  private static RegisteredSigner parseSigner(String partnerId, JsonObject entry, Path file)
      throws InvalidPartnerFileException {
    X509Certificate certificate = readCertificate(entry, file);
    return new RegisteredSigner(
        partnerId, certificate, instant(entry, "notBefore", file), instant(entry, "notAfter", file));
  }

  private static X509Certificate readCertificate(JsonObject entry, Path file)
      throws InvalidPartnerFileException {
    return readCertificates(entry, "certificate", file).getFirst();
  }

  private static List<X509Certificate> readCertificates(JsonObject entry, String key, Path file)
      throws InvalidPartnerFileException {
    Path certificateFile =
        file.toAbsolutePath().getParent().resolve(requiredString(entry, key, file)).normalize();
    try {
      return PemFiles.readCertificates(certificateFile);
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

  static String requiredString(JsonObject json, String key, Path file)
      throws InvalidPartnerFileException {
    if (!(json.get(key) instanceof JsonString string) || string.getString().isBlank()) {
      throw new InvalidPartnerFileException(file, "\"" + key + "\" is missing or not a string");
    }
    return string.getString();
  }

  static Instant instant(JsonObject json, String key, Path file)
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
