package io.countersign.cli;

import io.countersign.bundle.BundleContents;
import io.countersign.bundle.BundleLayout;
import io.countersign.trust.RevocationEvidence;
import io.countersign.trust.StoredOcspResponseVerifier;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Checks the revocation evidence that the server stored: each OCSP response in {@code
 * evidence/revocation/} must be signed by the certificate's issuer or a responder the issuer
 * authorized, name the certificate, report it good, and be current at the time of receipt. Status
 * from a CRL, or none at all, is reported as the server recorded it, because the bundle carries no
 * CRL.
 */
final class RevocationEvidenceCheck {

  static final String NAME = "revocation";

  private RevocationEvidenceCheck() {}

  /**
   * Checks each row of {@code evidence/revocation.json}.
   *
   * @param issuers candidate issuer certificates: the bundle's certificates and the partner CAs
   */
  static List<BundleCheck> check(
      BundleContents bundle, List<X509Certificate> issuers, Instant receivedAt) {
    Optional<byte[]> report = bundle.entry(BundleLayout.REVOCATION);
    if (report.isEmpty()) {
      return List.of(
          BundleCheck.skipped(
              NAME, "No revocation evidence: the certificates are pinned or the partner has no CA."));
    }
    JsonArray rows;
    try {
      rows = Json.createReader(new ByteArrayInputStream(report.get())).readArray();
    } catch (JsonException e) {
      return List.of(BundleCheck.failed(NAME, "revocation.json is not a JSON array"));
    }

    List<BundleCheck> checks = new ArrayList<>();
    StoredOcspResponseVerifier verifier = new StoredOcspResponseVerifier();
    for (JsonValue row : rows) {
      checks.add(checkRow(bundle, row, issuers, receivedAt, verifier));
    }
    return checks;
  }

  private static BundleCheck checkRow(
      BundleContents bundle,
      JsonValue value,
      List<X509Certificate> issuers,
      Instant receivedAt,
      StoredOcspResponseVerifier verifier) {
    Optional<Row> parsed = Row.parse(value);
    if (parsed.isEmpty()) {
      return BundleCheck.failed(NAME, "A row of revocation.json lacks a required field");
    }
    Row row = parsed.get();
    String name = NAME + "-" + row.role();
    if (row.ocspEntry() == null) {
      return BundleCheck.skipped(
          name,
          row.describe() + ": " + row.source() + " status " + row.status() + " as recorded, "
              + row.detail());
    }
    Optional<byte[]> response = bundle.entry(row.ocspEntry());
    if (response.isEmpty()) {
      return BundleCheck.failed(name, row.describe() + ": the bundle lacks " + row.ocspEntry());
    }
    List<X509Certificate> candidates =
        issuers.stream().filter(c -> c.getSubjectX500Principal().equals(row.issuer())).toList();
    if (candidates.isEmpty()) {
      return BundleCheck.skipped(
          name,
          row.describe()
              + ": its issuer '"
              + row.issuer().getName()
              + "' is not in the bundle. Pass the issuer's CA with --partner-ca to check the"
              + " OCSP response.");
    }
    return checkResponse(name, row, response.get(), candidates, receivedAt, verifier);
  }

  private static BundleCheck checkResponse(
      String name,
      Row row,
      byte[] response,
      List<X509Certificate> candidates,
      Instant receivedAt,
      StoredOcspResponseVerifier verifier) {
    StoredOcspResponseVerifier.Outcome outcome = null;
    for (X509Certificate issuer : candidates) {
      outcome = verifier.verify(response, issuer, row.serialNumber(), receivedAt);
      if (outcome instanceof StoredOcspResponseVerifier.Outcome.Verified) {
        break;
      }
    }
    return switch (outcome) {
      case StoredOcspResponseVerifier.Outcome.Verified verified
          when verified.status() == RevocationEvidence.Status.GOOD ->
          BundleCheck.ok(
              name,
              row.describe()
                  + ": OCSP response from the issuer or its responder reports good, current at "
                  + receivedAt
                  + " (thisUpdate "
                  + verified.thisUpdate()
                  + ", nextUpdate "
                  + verified.nextUpdate()
                  + ")");
      case StoredOcspResponseVerifier.Outcome.Verified verified ->
          BundleCheck.failed(name, row.describe() + ": the OCSP response reports " + verified.detail());
      case StoredOcspResponseVerifier.Outcome.Untrusted untrusted ->
          BundleCheck.failed(name, row.describe() + ": " + untrusted.detail());
    };
  }

  /** A row of revocation.json with the fields this check needs. */
  private record Row(
      String role,
      String subject,
      X500Principal issuer,
      BigInteger serialNumber,
      String source,
      String status,
      String ocspEntry,
      String detail) {

    static Optional<Row> parse(JsonValue value) {
      if (!(value instanceof JsonObject row)
          || !(row.get("certificate") instanceof JsonObject certificate)) {
        return Optional.empty();
      }
      String role = string(row, "role");
      String source = string(row, "source");
      String status = string(row, "status");
      String detail = string(row, "detail");
      String subject = string(certificate, "subject");
      String issuer = string(certificate, "issuer");
      String serial = string(certificate, "serialNumber");
      if (role == null || source == null || status == null || detail == null || subject == null
          || issuer == null || serial == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Row(
                role,
                subject,
                new X500Principal(issuer),
                new BigInteger(serial, 16),
                source,
                status,
                string(row, "ocspResponse"),
                detail));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    private static String string(JsonObject object, String name) {
      return object.get(name) instanceof JsonString text ? text.getString() : null;
    }

    String describe() {
      return "certificate '" + subject + "' (serial " + serialNumber.toString(16) + ")";
    }
  }
}
