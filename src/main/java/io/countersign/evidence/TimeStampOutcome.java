package io.countersign.evidence;

/** The outcome of asking a TSA for a time-stamp token. */
public sealed interface TimeStampOutcome {

  /** A granted token that verified, DER-encoded as RFC 3161 TimeStampToken. */
  record Stamped(byte[] token) implements TimeStampOutcome {}

  /** No token, with the reason and a detail for the log. */
  record Failed(TimeStampFailure failure, String detail) implements TimeStampOutcome {}
}
