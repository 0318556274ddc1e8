package io.countersign.evidence;

import java.time.Instant;

/**
 * One row of {@code evidence_checkpoint}, as a verifier reads it.
 *
 * @param sequence the sequence of the chain head that the checkpoint covers
 * @param headHash the record hash of that link
 * @param createdAt the time of the checkpoint
 * @param statement the exact signed bytes, see {@link CheckpointStatement}
 * @param signature the detached JWS over {@code statement} in compact serialization
 * @param timeStampToken the DER RFC 3161 token over the SHA-256 of {@code statement}, or null
 */
public record StoredCheckpoint(
    long sequence,
    String headHash,
    Instant createdAt,
    byte[] statement,
    String signature,
    byte[] timeStampToken) {}
