package io.countersign.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** A rejected request with its reason, so that operators can see what was refused and why. */
@Entity
@Table(name = "rejection")
public class RejectionRecord {

  // Assigned here, not by the database: EclipseLink 5 reads identity columns back with a
  // function that H2 2.x no longer has.
  @Id private String id = UUID.randomUUID().toString();

  @Column(name = "request_id", nullable = false)
  private String requestId;

  @Column(name = "occurred_at", nullable = false)
  private OffsetDateTime occurredAt;

  @Column(nullable = false)
  private String reason;

  @Column(nullable = false)
  private int status;

  @Column(nullable = false, length = 4096)
  private String detail;

  private String method;

  private String path;

  @Column(name = "partner_id")
  private String partnerId;

  @Column(name = "client_subject")
  private String clientSubject;

  @Column(name = "client_sha256")
  private String clientSha256;

  protected RejectionRecord() {}

  public RejectionRecord(
      String requestId, Instant occurredAt, String reason, int status, String detail) {
    this.requestId = requestId;
    this.occurredAt = occurredAt.atOffset(ZoneOffset.UTC);
    this.reason = reason;
    this.status = status;
    this.detail = detail.length() > 4096 ? detail.substring(0, 4096) : detail;
  }

  public void setRequest(String method, String path) {
    this.method = method;
    this.path = path;
  }

  public void setClient(String partnerId, String subject, String sha256) {
    this.partnerId = partnerId;
    this.clientSubject = subject;
    this.clientSha256 = sha256;
  }

  public String getRequestId() {
    return requestId;
  }

  public String getReason() {
    return reason;
  }

  public String getPartnerId() {
    return partnerId;
  }
}
