package io.countersign.evidence;

import io.countersign.trust.RevocationEvidence;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.Locale;

/** The revocation status of one certificate of an accepted document, as it was obtained. */
@Entity
@Table(name = "revocation_evidence")
public class RevocationEvidenceRecord {

  /** The certificate path of the document that a status belongs to. */
  public enum Role {
    TLS,
    SIGNER
  }

  // Assigned here, not by the database: EclipseLink 5 reads identity columns back with a
  // function that H2 2.x no longer has.
  @Id private String id = UUID.randomUUID().toString();

  @Column(name = "document_id", nullable = false)
  private String documentId;

  @Column(nullable = false)
  private String role;

  @Column(name = "certificate_subject", nullable = false)
  private String certificateSubject;

  @Column(name = "certificate_issuer", nullable = false)
  private String certificateIssuer;

  @Column(name = "certificate_serial", nullable = false)
  private String certificateSerial;

  @Column(name = "certificate_sha256", nullable = false)
  private String certificateSha256;

  @Column(nullable = false)
  private String source;

  @Column(nullable = false)
  private String status;

  private String location;

  @Column(name = "ocsp_response")
  private byte[] ocspResponse;

  @Column(name = "crl_number")
  private String crlNumber;

  @Column(name = "this_update")
  private OffsetDateTime thisUpdate;

  @Column(name = "next_update")
  private OffsetDateTime nextUpdate;

  @Column(name = "obtained_at", nullable = false)
  private OffsetDateTime obtainedAt;

  @Column(nullable = false, length = 2048)
  private String detail;

  protected RevocationEvidenceRecord() {}

  public RevocationEvidenceRecord(String documentId, Role role, RevocationEvidence evidence) {
    this.documentId = documentId;
    this.role = role.name().toLowerCase(Locale.ROOT);
    this.certificateSubject = evidence.certificate().subject();
    this.certificateIssuer = evidence.certificate().issuer();
    this.certificateSerial = evidence.certificate().serialNumber();
    this.certificateSha256 = evidence.certificate().sha256();
    this.source = evidence.source().name();
    this.status = evidence.status().name();
    this.location = evidence.location() == null ? null : evidence.location().toString();
    this.ocspResponse = evidence.ocspResponse();
    this.crlNumber = evidence.crlNumber() == null ? null : evidence.crlNumber().toString();
    this.thisUpdate = utc(evidence.thisUpdate());
    this.nextUpdate = utc(evidence.nextUpdate());
    this.obtainedAt = utc(evidence.obtainedAt());
    String text = evidence.detail();
    this.detail = text.length() > 2048 ? text.substring(0, 2048) : text;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  public String getStatus() {
    return status;
  }

  public String getRole() {
    return role;
  }

  public String getDocumentId() {
    return documentId;
  }

  public String getCertificateSubject() {
    return certificateSubject;
  }

  public String getCertificateIssuer() {
    return certificateIssuer;
  }

  /** Returns the serial number in lower-case hexadecimal. */
  public String getCertificateSerial() {
    return certificateSerial;
  }

  public String getCertificateSha256() {
    return certificateSha256;
  }

  /** Returns the name of the {@link RevocationEvidence.Source}. */
  public String getSource() {
    return source;
  }

  public String getLocation() {
    return location;
  }

  /** Returns the DER-encoded OCSP response as received, or {@code null} unless from OCSP. */
  public byte[] getOcspResponse() {
    return ocspResponse;
  }

  public String getCrlNumber() {
    return crlNumber;
  }

  public Instant getThisUpdate() {
    return thisUpdate == null ? null : thisUpdate.toInstant();
  }

  public Instant getNextUpdate() {
    return nextUpdate == null ? null : nextUpdate.toInstant();
  }

  public Instant getObtainedAt() {
    return obtainedAt.toInstant();
  }

  public String getDetail() {
    return detail;
  }
}
