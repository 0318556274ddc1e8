package io.countersign.evidence;

import java.security.cert.X509Certificate;
import java.time.Instant;

/** The outcome of verifying one checkpoint's statement, signature and time-stamp. */
public sealed interface CheckpointVerification {

  /**
   * Every check passed.
   *
   * @param signer the certificate whose key verified the signature, the first of {@code x5c}
   * @param timeStampedAt the time in the verified time-stamp token, or null without a token
   */
  record Verified(X509Certificate signer, Instant timeStampedAt) implements CheckpointVerification {}

  /** A check failed; {@code detail} names the value. */
  record Rejected(Failure failure, String detail) implements CheckpointVerification {}

  /** The check that failed. */
  enum Failure {
    /** The statement is not the canonical JSON that {@link CheckpointStatement} writes. */
    STATEMENT_MALFORMED,
    /** The statement names another sequence, head hash or time than the row's columns. */
    STATEMENT_MISMATCH,
    /** The signature is not a detached JWS in compact serialization. */
    SIGNATURE_MALFORMED,
    /** The JWS algorithm is not an RSA or ECDSA signature algorithm. */
    ALGORITHM_NOT_ALLOWED,
    /** The JWS header has no {@code x5c} certificate chain. */
    CERTIFICATE_CHAIN_MISSING,
    /** The {@code x5c} chain is not a valid path to a trusted certificate at the checkpoint time. */
    CERTIFICATE_CHAIN_UNTRUSTED,
    /** The signature does not verify over the statement with the first {@code x5c} key. */
    SIGNATURE_INVALID,
    /** The time-stamp token is not valid or does not cover the statement. */
    TIME_STAMP_INVALID
  }
}
