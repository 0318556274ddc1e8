package io.countersign.receipt;

import io.countersign.evidence.DocumentRecord;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;

/**
 * Writes the JSON receipt of an accepted document. The bytes written are the bytes stored, signed
 * and sent, so they are produced exactly once per document.
 */
public final class ReceiptWriter {

  private ReceiptWriter() {}

  public static byte[] write(DocumentRecord document) {
    JsonObjectBuilder signature =
        Json.createObjectBuilder()
            .add("format", document.getSignatureFormat())
            .add("algorithm", document.getSignatureAlgorithm());
    if (document.getDigestAlgorithm() != null) {
      signature.add("digestAlgorithm", document.getDigestAlgorithm());
    }
    JsonObject receipt =
        Json.createObjectBuilder()
            .add("documentId", document.getId())
            .add("partner", document.getPartnerId())
            .add("receivedAt", document.getReceivedAt().toString())
            .add("contentType", document.getContentType())
            .add("size", document.getSize())
            .add("sha256", document.getSha256())
            .add("signature", signature)
            .add(
                "signer",
                certificate(
                    document.getSignerSubject(),
                    document.getSignerIssuer(),
                    document.getSignerSerial(),
                    document.getSignerSha256()))
            .add(
                "client",
                certificate(
                        document.getClientSubject(),
                        document.getClientIssuer(),
                        document.getClientSerial(),
                        document.getClientSha256())
                    .add("source", document.getClientSource()))
            .build();
    return receipt.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObjectBuilder certificate(
      String subject, String issuer, String serialNumber, String sha256) {
    return Json.createObjectBuilder()
        .add("subject", subject)
        .add("issuer", issuer)
        .add("serialNumber", serialNumber)
        .add("sha256", sha256);
  }
}
