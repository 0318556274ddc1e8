package io.countersign.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A signed, optionally time-stamped statement of the chain head. Rows are only ever inserted. */
@Entity
@Table(name = "evidence_checkpoint")
public class CheckpointRecord {

  @Id private long sequence;

  @Column(name = "head_hash", nullable = false)
  private String headHash;

  // OffsetDateTime, because EclipseLink 5 cannot read an Instant back from TIMESTAMP WITH TIME ZONE.
  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(nullable = false)
  private byte[] statement;

  @Column(nullable = false)
  private String signature;

  @Column(name = "timestamp_token")
  private byte[] timeStampToken;

  protected CheckpointRecord() {}

  /**
   * Creates a checkpoint of a signed statement.
   *
   * @param timeStampToken the DER RFC 3161 token over the statement's SHA-256, or null
   */
  public CheckpointRecord(CheckpointStatement statement, String signature, byte[] timeStampToken) {
    this.sequence = statement.sequence();
    this.headHash = statement.headHash();
    this.createdAt = statement.createdAt().atOffset(ZoneOffset.UTC);
    this.statement = statement.toBytes();
    this.signature = signature;
    this.timeStampToken = timeStampToken;
  }

  public long getSequence() {
    return sequence;
  }

  public String getHeadHash() {
    return headHash;
  }

  public Instant getCreatedAt() {
    return createdAt.toInstant();
  }

  public byte[] getStatement() {
    return statement;
  }

  public String getSignature() {
    return signature;
  }

  public byte[] getTimeStampToken() {
    return timeStampToken;
  }
}
