package io.countersign.receipt;

import io.countersign.evidence.DocumentRecord;
import io.countersign.signature.http.VerifiedRequest;
import io.countersign.trust.CertificateSummary;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Writes the JSON receipt of an accepted document. The bytes written are the bytes stored, signed
 * and sent, so they are produced exactly once per document.
 */
public final class ReceiptWriter {

  /**
   * The JSON provider, looked up once. Each {@code JSON.create...} call looks it up again with a
   * ServiceLoader scan of the class path, which took about a tenth of the server's CPU samples in a
   * JFR profile of the benchmark load driver at saturation. Its methods are safe for concurrent use.
   */
  private static final JsonProvider JSON = JsonProvider.provider();

  private ReceiptWriter() {}

  public static byte[] write(DocumentRecord document) {
    JsonObjectBuilder signature =
        JSON.createObjectBuilder()
            .add("format", document.getSignatureFormat())
            .add("algorithm", document.getSignatureAlgorithm());
    if (document.getDigestAlgorithm() != null) {
      signature.add("digestAlgorithm", document.getDigestAlgorithm());
    }
    JsonObjectBuilder receipt =
        JSON.createObjectBuilder()
            .add("documentId", document.getId())
            .add("partner", document.getPartnerId())
            .add("receivedAt", document.getReceivedAt().toString())
            .add("contentType", document.getContentType())
            .add("size", document.getSize())
            .add("sha256", document.getSha256())
            .add("signature", signature)
            .add("nonRepudiation", document.isNonRepudiation());
    if (document.getSignerSha256() == null) {
      receipt.add("signer", JsonValue.NULL);
    } else {
      receipt.add(
          "signer",
          certificate(
              document.getSignerSubject(),
              document.getSignerIssuer(),
              document.getSignerSerial(),
              document.getSignerSha256()));
    }
    if (document.getCosigners() != null) {
      StringReader cosigners = new StringReader(document.getCosigners());
      receipt.add("cosigners", JSON.createReader(cosigners).readArray());
    }
    JsonObjectBuilder client = JSON.createObjectBuilder();
    if (document.getClientSha256() != null) {
      client =
          certificate(
              document.getClientSubject(),
              document.getClientIssuer(),
              document.getClientSerial(),
              document.getClientSha256());
    }
    client.add("source", document.getClientSource());
    if (document.getRequestSignature() != null) {
      StringReader requestSignature = new StringReader(document.getRequestSignature());
      client.add("requestSignature", JSON.createReader(requestSignature).readObject());
    }
    receipt.add("client", client);
    return receipt.build().toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Returns a verified request signature as the JSON stored with a document and in its receipt. */
  public static String requestSignature(VerifiedRequest request) {
    JsonArrayBuilder covered = JSON.createArrayBuilder();
    request.coveredComponents().forEach(covered::add);
    return JSON.createObjectBuilder()
        .add("format", request.format())
        .add("algorithm", request.algorithm())
        .add("keyId", request.keyId())
        .add("created", request.created().toString())
        .add("coveredComponents", covered)
        .add("nonRepudiation", request.nonRepudiation())
        .add("signature", Base64.getEncoder().encodeToString(request.signatureValue()))
        .build()
        .toString();
  }

  /** Returns the certificates as the JSON array stored with a document and shown in its receipt. */
  public static String cosigners(List<X509Certificate> certificates) {
    JsonArrayBuilder array = JSON.createArrayBuilder();
    for (X509Certificate certificate : certificates) {
      CertificateSummary summary = CertificateSummary.of(certificate);
      array.add(
          certificate(summary.subject(), summary.issuer(), summary.serialNumber(), summary.sha256()));
    }
    return array.build().toString();
  }

  private static JsonObjectBuilder certificate(
      String subject, String issuer, String serialNumber, String sha256) {
    return JSON.createObjectBuilder()
        .add("subject", subject)
        .add("issuer", issuer)
        .add("serialNumber", serialNumber)
        .add("sha256", sha256);
  }
}
