package io.countersign.signature.http;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;

/** The result of verifying a request signature: verified, or rejected with a reason. */
public sealed interface RequestVerificationOutcome {

  /** Every check passed. */
  record Verified(VerifiedRequest request) implements RequestVerificationOutcome {}

  /** A check failed. The rejection names the check and the value. */
  record Rejected(Rejection rejection) implements RequestVerificationOutcome {}

  static RequestVerificationOutcome rejected(RejectionReason reason, String detail) {
    return new Rejected(new Rejection(reason, detail));
  }
}
