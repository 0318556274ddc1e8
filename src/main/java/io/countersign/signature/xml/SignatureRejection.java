package io.countersign.signature.xml;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;

/**
 * Ends a verification step with a rejection. {@link XmlSignatureVerifier#verify} returns it as a
 * {@code Rejected} outcome, so it never leaves this package.
 */
final class SignatureRejection extends Exception {

  private final transient Rejection rejection;

  SignatureRejection(RejectionReason reason, String detail) {
    // A rejection is an expected outcome, so it records no stack trace.
    super(reason.code(), null, false, false);
    this.rejection = new Rejection(reason, detail);
  }

  Rejection rejection() {
    return rejection;
  }
}
