package io.countersign.signature.http;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;

/**
 * Ends a verification early with a rejection. It never leaves the package: the verifiers turn it
 * into a {@link RequestVerificationOutcome.Rejected}.
 */
final class RequestRejection extends Exception {

  private final transient Rejection rejection;

  RequestRejection(RejectionReason reason, String detail) {
    super(reason.code() + ": " + detail, null, false, false);
    this.rejection = new Rejection(reason, detail);
  }

  Rejection rejection() {
    return rejection;
  }
}
