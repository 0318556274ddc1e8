package io.countersign.trust;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings for checking a certificate path for revocation.
 *
 * <p>The {@link #DEFAULT} checks every certificate of the path except the trust anchor and rejects
 * the path when no responder or distribution point can be reached. The weaker settings are named so
 * that they stand out in a review: {@link #acceptingUnreachableResponders()} and {@link
 * #withoutRevocationChecking()}.
 *
 * @param revocationCheckRequired whether the revocation status of each certificate is checked; when
 *     false no status is fetched and no evidence is recorded
 * @param unreachableResponder what happens when neither OCSP nor a CRL is reachable
 * @param connectTimeout the maximum time to open a connection to a responder or CRL server
 * @param readTimeout the maximum time to read a whole response once connected
 */
public record RevocationPolicy(
    boolean revocationCheckRequired,
    UnreachableResponder unreachableResponder,
    Duration connectTimeout,
    Duration readTimeout) {

  /** The outcome for the path when no OCSP responder or CRL distribution point is reachable. */
  public enum UnreachableResponder {
    /** The path is invalid with {@link PathFailure#REVOCATION_UNAVAILABLE}. */
    FAIL_CLOSED,
    /**
     * The path is valid, and its evidence records the status as {@link
     * RevocationEvidence.Status#UNAVAILABLE}. A certificate revoked while its responder is down is
     * then accepted. A response that fails verification is still rejected.
     */
    FAIL_OPEN
  }

  /** Checks revocation, fails closed, connects within 2 seconds and reads within 5. */
  public static final RevocationPolicy DEFAULT =
      new RevocationPolicy(
          true, UnreachableResponder.FAIL_CLOSED, Duration.ofSeconds(2), Duration.ofSeconds(5));

  public RevocationPolicy {
    Objects.requireNonNull(unreachableResponder, "unreachableResponder");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
  }

  /** Returns a copy that accepts a path when its revocation status cannot be fetched. */
  public RevocationPolicy acceptingUnreachableResponders() {
    return new RevocationPolicy(
        revocationCheckRequired, UnreachableResponder.FAIL_OPEN, connectTimeout, readTimeout);
  }

  /** Returns a copy that never checks revocation, so revoked certificates are accepted. */
  public RevocationPolicy withoutRevocationChecking() {
    return new RevocationPolicy(false, unreachableResponder, connectTimeout, readTimeout);
  }

  /** Returns a copy with these connect and read timeouts. */
  public RevocationPolicy withTimeouts(Duration connect, Duration read) {
    return new RevocationPolicy(revocationCheckRequired, unreachableResponder, connect, read);
  }

  private static void requirePositive(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, but is " + timeout);
    }
  }
}
