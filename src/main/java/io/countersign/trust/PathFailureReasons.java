package io.countersign.trust;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;

/** Maps a failed path validation to the rejection of a TLS client or of a document signer. */
public final class PathFailureReasons {

  private PathFailureReasons() {}

  public static Rejection forTlsClient(PathValidation.Invalid invalid) {
    RejectionReason reason =
        switch (invalid.reason()) {
          case EXPIRED -> RejectionReason.CLIENT_CERTIFICATE_EXPIRED;
          case NOT_YET_VALID -> RejectionReason.CLIENT_CERTIFICATE_NOT_YET_VALID;
          case SUBJECT_MISMATCH -> RejectionReason.CLIENT_CERTIFICATE_UNKNOWN;
          case NO_PATH_TO_ANCHOR, BASIC_CONSTRAINTS_VIOLATED ->
              RejectionReason.CLIENT_CERTIFICATE_PATH_INVALID;
          case KEY_USAGE_NOT_ALLOWED -> RejectionReason.CLIENT_CERTIFICATE_KEY_USAGE_NOT_ALLOWED;
          case REVOKED -> RejectionReason.CLIENT_CERTIFICATE_REVOKED;
          case REVOCATION_UNKNOWN -> RejectionReason.CLIENT_CERTIFICATE_REVOCATION_UNKNOWN;
          case REVOCATION_UNAVAILABLE -> RejectionReason.CERTIFICATE_REVOCATION_UNAVAILABLE;
        };
    return new Rejection(reason, invalid.detail());
  }

  public static Rejection forSigner(PathValidation.Invalid invalid) {
    RejectionReason reason =
        switch (invalid.reason()) {
          case EXPIRED -> RejectionReason.SIGNER_CERTIFICATE_EXPIRED;
          case NOT_YET_VALID -> RejectionReason.SIGNER_CERTIFICATE_NOT_YET_VALID;
          case SUBJECT_MISMATCH -> RejectionReason.SIGNER_CERTIFICATE_UNKNOWN;
          case NO_PATH_TO_ANCHOR, BASIC_CONSTRAINTS_VIOLATED ->
              RejectionReason.SIGNER_CERTIFICATE_PATH_INVALID;
          case KEY_USAGE_NOT_ALLOWED -> RejectionReason.SIGNER_CERTIFICATE_KEY_USAGE_NOT_ALLOWED;
          case REVOKED -> RejectionReason.SIGNER_CERTIFICATE_REVOKED;
          case REVOCATION_UNKNOWN -> RejectionReason.SIGNER_CERTIFICATE_REVOCATION_UNKNOWN;
          case REVOCATION_UNAVAILABLE -> RejectionReason.CERTIFICATE_REVOCATION_UNAVAILABLE;
        };
    return new Rejection(reason, invalid.detail());
  }
}
