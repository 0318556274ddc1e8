package io.countersign.evidence;

import io.countersign.bundle.SignatureForm;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code evidence/verification.json} of an evidence bundle: what the server recorded when
 * it accepted a document, and each check it made with its result.
 *
 * <p>Only accepted documents are stored, so every check that could reject a document is {@code
 * passed}. The report is the server's account and is not signed; the receipt is the signed part.
 */
public final class VerificationReport {

  static final String PASSED = "passed";
  static final String NOT_APPLICABLE = "not-applicable";

  private VerificationReport() {}

  /** Writes the report of {@code document} with its stored revocation evidence. */
  public static byte[] write(
      DocumentRecord document, List<RevocationEvidenceRecord> revocation, String documentEntry) {
    JsonObjectBuilder report =
        Json.createObjectBuilder()
            .add("documentId", document.getId())
            .add("partner", document.getPartnerId())
            .add("receivedAt", document.getReceivedAt().toString())
            .add("contentType", document.getContentType())
            .add("size", document.getSize())
            .add("sha256", document.getSha256())
            .add("document", documentEntry)
            .add("signature", signature(document))
            .add("signer", signer(document))
            .add("nonRepudiation", document.isNonRepudiation());
    if (document.getCosigners() != null) {
      report.add("cosigners", parseArray(document.getCosigners()));
    }
    report.add("client", client(document));
    report.add("checks", checks(document, revocation));
    return report.build().toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObjectBuilder signature(DocumentRecord document) {
    JsonObjectBuilder signature =
        Json.createObjectBuilder()
            .add("format", document.getSignatureFormat())
            .add("algorithm", document.getSignatureAlgorithm());
    if (document.getDigestAlgorithm() != null) {
      signature.add("digestAlgorithm", document.getDigestAlgorithm());
    }
    return signature.add("signatureValueSha256", document.getSignatureValueSha256());
  }

  private static JsonValue signer(DocumentRecord document) {
    if (document.getSignerSha256() == null) {
      return JsonValue.NULL;
    }
    return certificate(
            document.getSignerSubject(),
            document.getSignerIssuer(),
            document.getSignerSerial(),
            document.getSignerSha256())
        .build();
  }

  private static JsonObjectBuilder client(DocumentRecord document) {
    JsonObjectBuilder client = Json.createObjectBuilder();
    if (document.getClientSha256() == null) {
      client.add("certificate", JsonValue.NULL);
    } else {
      client.add(
          "certificate",
          certificate(
              document.getClientSubject(),
              document.getClientIssuer(),
              document.getClientSerial(),
              document.getClientSha256()));
    }
    client.add("source", document.getClientSource());
    if (document.getRequestSignature() != null) {
      client.add("requestSignature", parseObject(document.getRequestSignature()));
    }
    return client;
  }

  private static JsonArrayBuilder checks(
      DocumentRecord document, List<RevocationEvidenceRecord> revocation) {
    JsonArrayBuilder checks = Json.createArrayBuilder();
    checks.add(clientCheck(document));
    checks.add(signatureCheck(document));
    checks.add(signerCheck(document));
    checks.add(
        check(
            "signer-is-partner",
            PASSED,
            "The signature's key is registered to partner '" + document.getPartnerId() + "'."));
    for (RevocationEvidenceRecord record : revocation) {
      checks.add(revocationCheck(record));
    }
    return checks;
  }

  private static JsonObjectBuilder clientCheck(DocumentRecord document) {
    if (document.getClientSha256() != null) {
      return check(
          "client-authentication",
          PASSED,
          "Client certificate '"
              + document.getClientSubject()
              + "' (SHA-256 "
              + document.getClientSha256()
              + ") from "
              + document.getClientSource()
              + ".");
    }
    if (document.getRequestSignature() != null) {
      return check(
          "client-authentication",
          PASSED,
          "Request signature verified, from " + document.getClientSource() + ".");
    }
    return check(
        "client-authentication",
        NOT_APPLICABLE,
        "The request had no client authentication; the partner accepts documents that only"
            + " their signature identifies.");
  }

  private static JsonObjectBuilder signatureCheck(DocumentRecord document) {
    String format = document.getSignatureFormat();
    String described = format + " with " + document.getSignatureAlgorithm();
    return switch (SignatureForm.of(format)) {
      case SHARED_KEY ->
          check(
              "document-signature",
              PASSED,
              described
                  + " verified with an HMAC key that the partner shares with Countersign, so it"
                  + " gives no non-repudiation.");
      case REQUEST_SIGNATURE ->
          check(
              "document-signature",
              NOT_APPLICABLE,
              "The document has no signature of its own; the " + described + " request"
                  + " signature authenticated it.");
      default -> check("document-signature", PASSED, described + " verified.");
    };
  }

  private static JsonObjectBuilder signerCheck(DocumentRecord document) {
    if (document.getSignerSha256() == null) {
      return check("signer-registered", NOT_APPLICABLE, "The document has no signer certificate.");
    }
    String how =
        document.getSignerChain() == null
            ? "pinned by the partner's registration"
            : "validated to the partner's registered CA";
    return check(
        "signer-registered",
        PASSED,
        "Signer certificate '"
            + document.getSignerSubject()
            + "' (SHA-256 "
            + document.getSignerSha256()
            + ") "
            + how
            + ", valid at "
            + document.getReceivedAt()
            + ".");
  }

  private static JsonObjectBuilder revocationCheck(RevocationEvidenceRecord record) {
    return check(
            "revocation-" + record.getRole(),
            record.getStatus().toLowerCase(Locale.ROOT),
            record.getDetail())
        .add("certificateSha256", record.getCertificateSha256())
        .add("source", record.getSource());
  }

  private static JsonObjectBuilder check(String name, String result, String detail) {
    return Json.createObjectBuilder().add("check", name).add("result", result).add("detail", detail);
  }

  static JsonObjectBuilder certificate(
      String subject, String issuer, String serialNumber, String sha256) {
    return Json.createObjectBuilder()
        .add("subject", subject)
        .add("issuer", issuer)
        .add("serialNumber", serialNumber)
        .add("sha256", sha256);
  }

  /** Writes {@code evidence/revocation.json}: the stored rows, with their OCSP entry names. */
  public static byte[] revocation(List<RevocationEvidenceRecord> records, List<String> ocspEntries) {
    JsonArrayBuilder rows = Json.createArrayBuilder();
    for (int i = 0; i < records.size(); i++) {
      RevocationEvidenceRecord record = records.get(i);
      JsonObjectBuilder row =
          Json.createObjectBuilder()
              .add("role", record.getRole())
              .add(
                  "certificate",
                  certificate(
                      record.getCertificateSubject(),
                      record.getCertificateIssuer(),
                      record.getCertificateSerial(),
                      record.getCertificateSha256()))
              .add("source", record.getSource())
              .add("status", record.getStatus());
      addNullable(row, "location", record.getLocation());
      addNullable(row, "ocspResponse", ocspEntries.get(i));
      addNullable(row, "crlNumber", record.getCrlNumber());
      addNullable(row, "thisUpdate", record.getThisUpdate());
      addNullable(row, "nextUpdate", record.getNextUpdate());
      row.add("obtainedAt", record.getObtainedAt().toString()).add("detail", record.getDetail());
      rows.add(row);
    }
    return rows.build().toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void addNullable(JsonObjectBuilder object, String name, Object value) {
    if (value == null) {
      object.add(name, JsonValue.NULL);
    } else {
      object.add(name, value.toString());
    }
  }

  private static JsonValue parseArray(String json) {
    return Json.createReader(new StringReader(json)).readArray();
  }

  private static JsonValue parseObject(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }
}
