package io.countersign.cli;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The receipt fields that a bundle's checks compare against. Only the receipt is signed, so these
 * values, not those of verification.json, decide what the document and its signer must be.
 *
 * @param signerSha256 the signer certificate's fingerprint, or {@code null} if the receipt names
 *     no signer
 * @param clientSha256 the client certificate's fingerprint, or {@code null} without one
 */
record ReceiptFields(
    String documentId,
    String partner,
    Instant receivedAt,
    String contentType,
    String sha256,
    String signatureFormat,
    String signerSha256,
    String clientSha256,
    boolean nonRepudiation) {

  /** Parses a receipt, or returns empty if a required field is missing or invalid. */
  static Optional<ReceiptFields> parse(byte[] receipt) {
    JsonObject fields;
    try {
      fields = Json.createReader(new ByteArrayInputStream(receipt)).readObject();
    } catch (JsonException e) {
      return Optional.empty();
    }
    JsonObject signature = object(fields, "signature");
    String receivedAt = string(fields, "receivedAt");
    if (signature == null || receivedAt == null) {
      return Optional.empty();
    }

    ReceiptFields parsed;
    try {
      parsed =
          new ReceiptFields(
              string(fields, "documentId"),
              string(fields, "partner"),
              Instant.parse(receivedAt),
              string(fields, "contentType"),
              string(fields, "sha256"),
              string(signature, "format"),
              fingerprint(object(fields, "signer")),
              fingerprint(object(fields, "client")),
              !isFalse(fields.get("nonRepudiation")));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return parsed.isComplete() ? Optional.of(parsed) : Optional.empty();
  }

  private boolean isComplete() {
    return documentId != null
        && partner != null
        && contentType != null
        && sha256 != null
        && signatureFormat != null;
  }

  /** Returns whether the field is false; receipts older than the field have non-repudiation. */
  private static boolean isFalse(JsonValue value) {
    return value != null && value.getValueType() == JsonValue.ValueType.FALSE;
  }

  private static String fingerprint(JsonObject certificate) {
    return certificate == null ? null : string(certificate, "sha256");
  }

  private static JsonObject object(JsonObject object, String name) {
    return object.get(name) instanceof JsonObject value ? value : null;
  }

  private static String string(JsonObject object, String name) {
    return object.get(name) instanceof JsonString value ? value.getString() : null;
  }
}
