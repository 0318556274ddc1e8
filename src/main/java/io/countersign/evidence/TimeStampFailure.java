package io.countersign.evidence;

/** The reason that a time-stamp token was not obtained or does not verify. */
public enum TimeStampFailure {
  /** The TSA did not respond: connection refused, timed out or an I/O error. */
  UNREACHABLE,
  /** The TSA responded with an HTTP status other than 200, or with a body too large. */
  HTTP_ERROR,
  /** The response or token is not valid DER of RFC 3161, or fails BouncyCastle's checks. */
  MALFORMED,
  /** The TSA's status is neither granted nor granted with modifications. */
  NOT_GRANTED,
  /** The token's nonce is not the request's. */
  NONCE_MISMATCH,
  /** The token's message imprint is not the SHA-256 of the time-stamped bytes. */
  IMPRINT_MISMATCH,
  /** The token does not contain the certificate of its signer. */
  CERTIFICATE_MISSING,
  /** The token's signature does not verify with its certificate, or that certificate is no TSA's. */
  SIGNATURE_INVALID
}
