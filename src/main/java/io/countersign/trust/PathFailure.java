package io.countersign.trust;

/** The reason a certificate path was not accepted. */
public enum PathFailure {
  /** No path leads from the certificate to one of the partner's trust anchors. */
  NO_PATH_TO_ANCHOR,
  /** A certificate of the path, or its trust anchor, expired before the validation time. */
  EXPIRED,
  /** A certificate of the path, or its trust anchor, is valid only after the validation time. */
  NOT_YET_VALID,
  /** The key usage or extended key usage of a certificate does not allow its use. */
  KEY_USAGE_NOT_ALLOWED,
  /** A certificate that issues another is not a CA, or the path is longer than a CA allows. */
  BASIC_CONSTRAINTS_VIOLATED,
  /** The certificate's subject is not the one registered for the partner. */
  SUBJECT_MISMATCH,
  /** An OCSP responder or a CRL reports a certificate of the path as revoked. */
  REVOKED,
  /** The OCSP responder does not know a certificate of the path. */
  REVOCATION_UNKNOWN,
  /**
   * No usable revocation status: every responder and distribution point was unreachable, or a
   * response failed verification.
   */
  REVOCATION_UNAVAILABLE
}
