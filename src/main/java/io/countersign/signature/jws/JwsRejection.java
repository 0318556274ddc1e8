package io.countersign.signature.jws;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;

/**
 * Ends a verification step with a rejection. {@link JwsVerifier} returns it as a {@code Rejected}
 * outcome, so it never leaves this package.
 */
final class JwsRejection extends Exception {

  private final transient Rejection rejection;

  JwsRejection(RejectionReason reason, String detail) {
    // A rejection is an expected outcome, so it records no stack trace.
    super(reason.code(), null, false, false);
    this.rejection = new Rejection(reason, detail);
  }

  Rejection rejection() {
    return rejection;
  }
}
