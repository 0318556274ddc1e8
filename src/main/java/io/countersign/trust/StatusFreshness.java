package io.countersign.trust;

import java.time.Duration;
import java.time.Instant;

/** Checks that an OCSP response or a CRL is current at the validation time. */
final class StatusFreshness {

  /**
   * How far a thisUpdate may lie after the validation time, because the responder's clock may run
   * ahead of Countersign's.
   */
  static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);

  private StatusFreshness() {}

  /**
   * Throws unless {@code at} lies between thisUpdate and nextUpdate (RFC 6960 4.2.2.1, RFC 5280
   * 5.1.2.4 and 5.1.2.5). Without a nextUpdate, newer status is always available, so the status is
   * current only within the allowed clock skew of thisUpdate.
   */
  static void check(Instant thisUpdate, Instant nextUpdate, Instant at, String what)
      throws UntrustedResponseException {
    if (thisUpdate.isAfter(at.plus(ALLOWED_CLOCK_SKEW))) {
      throw new UntrustedResponseException(
          what + " has thisUpdate " + thisUpdate + ", after the validation time " + at);
    }
    Instant end = nextUpdate != null ? nextUpdate : thisUpdate.plus(ALLOWED_CLOCK_SKEW);
    if (at.isAfter(end)) {
      throw new UntrustedResponseException(
          what + " is stale: valid until " + end + ", before the validation time " + at);
    }
  }

  /** Returns whether {@link #check} passes, for cached status. */
  static boolean isCurrent(Instant thisUpdate, Instant nextUpdate, Instant at) {
    try {
      check(thisUpdate, nextUpdate, at, "cached status");
      return true;
    } catch (UntrustedResponseException e) {
      return false;
    }
  }
}
