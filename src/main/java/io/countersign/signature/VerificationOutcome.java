package io.countersign.signature;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;

/** The result of verifying a document's signature: verified, or rejected with a reason. */
public sealed interface VerificationOutcome {

  /** Every check passed. */
  record Verified(VerifiedSignature signature) implements VerificationOutcome {}

  /** A check failed; the rejection names which check and why. */
  record Rejected(Rejection rejection) implements VerificationOutcome {}

  static VerificationOutcome rejected(RejectionReason reason, String detail) {
    return new Rejected(new Rejection(reason, detail));
  }
}
