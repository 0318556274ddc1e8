package io.countersign.cli;

/** The result of verifying a receipt: verified, or rejected with a reason. */
public sealed interface ReceiptOutcome {

  /** Every check of {@link ReceiptVerifier} passed. */
  record Verified(VerifiedReceipt receipt) implements ReceiptOutcome {}

  /** A check failed. The {@code detail} names the value that failed and why. */
  record Rejected(ReceiptRejection reason, String detail) implements ReceiptOutcome {

    /** Describes the rejection for an error message. */
    public String describe() {
      return reason.code() + ": " + detail;
    }
  }
}
