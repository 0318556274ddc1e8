package io.countersign.signature.jws;

import io.countersign.platform.RejectionReason;
import java.time.Instant;

/**
 * Checks the signing time: the {@code iat} header parameter (RFC 7519 section 4.1.6, carried in the
 * header as section 5.3 allows), in seconds since the epoch. Only a protected {@code iat} counts,
 * because an unprotected one could be changed after signing.
 */
final class IssuedAtCheck {

  static final String IAT = "iat";

  private IssuedAtCheck() {}

  static void check(SignedPart part, JwsPolicy policy, Instant now) throws JwsRejection {
    Object value = part.header().getCustomParam(IAT);
    if (value == null) {
      requireOptional(part, policy);
      return;
    }

    if (!(value instanceof Number seconds)) {
      throw new JwsRejection(
          RejectionReason.SIGNATURE_MALFORMED,
          "The protected header parameter iat is not a number. Set it to the signing time in"
              + " seconds since 1970-01-01T00:00:00Z.");
    }
    checkWindow(seconds, policy, now);
  }

  private static void requireOptional(SignedPart part, JwsPolicy policy) throws JwsRejection {
    if (!policy.iatRequired()) {
      return;
    }

    boolean unprotected = part.unprotected() != null && part.unprotected().getParam(IAT) != null;
    throw new JwsRejection(
        RejectionReason.IAT_MISSING,
        (unprotected
                ? "The iat parameter is in the unprotected header, where it is not signed."
                : "The protected header has no iat parameter.")
            + " Add the signing time as iat, in seconds since 1970-01-01T00:00:00Z, to the"
            + " protected header.");
  }

  /** Compares in seconds as doubles, so that no iat value, however large, can overflow. */
  private static void checkWindow(Number seconds, JwsPolicy policy, Instant now)
      throws JwsRejection {
    double issuedAt = seconds.doubleValue();
    double current = now.getEpochSecond() + now.getNano() / 1e9;
    double earliest = current - policy.maxIatAge().toMillis() / 1e3;
    double latest = current + policy.maxIatSkew().toMillis() / 1e3;

    if (issuedAt < earliest) {
      throw outOfWindow(
          seconds,
          now,
          "more than " + policy.maxIatAge().toSeconds() + " seconds before",
          "Sign the document again and send it at once.");
    }
    if (issuedAt > latest) {
      throw outOfWindow(
          seconds,
          now,
          "more than " + policy.maxIatSkew().toSeconds() + " seconds after",
          "Check the clock of the signing system.");
    }
  }

  private static JwsRejection outOfWindow(
      Number seconds, Instant now, String relation, String remedy) {
    return new JwsRejection(
        RejectionReason.IAT_OUT_OF_WINDOW,
        "The signing time iat "
            + seconds
            + " is "
            + relation
            + " the time of verification, "
            + now
            + ". "
            + remedy);
  }
}
