package io.countersign.signature.jws;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The acceptance policy of {@link JwsVerifier}: algorithms, the signing time, and payload limits.
 *
 * <p>{@link #defaults()} allows RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA with Ed25519
 * keys, requires a protected {@code iat} no older than 15 minutes and no more than 5 minutes ahead
 * of the clock, and limits payloads to 10 MiB and JSON payloads to 100 levels of nesting. The time
 * window and limits are policy choices, not measured values. Every relaxation has a method whose
 * name says what it gives up: {@link #allowMissingIat()} and {@link #allowHmacAlgorithms()}.
 *
 * @param algorithms the JWS {@code alg} names accepted; never {@code none}
 * @param iatRequired whether every signature must have an {@code iat} in its protected header
 * @param maxIatAge how far an {@code iat} may lie before the verification instant
 * @param maxIatSkew how far an {@code iat} may lie after the verification instant, for clock skew
 * @param maxPayloadBytes the maximum size of the decoded payload
 * @param maxJsonDepth the maximum nesting of objects and arrays in a payload typed as JSON
 */
public record JwsPolicy(
    Set<String> algorithms,
    boolean iatRequired,
    Duration maxIatAge,
    Duration maxIatSkew,
    int maxPayloadBytes,
    int maxJsonDepth) {

  /** The asymmetric algorithms of the default policy. */
  public static final Set<String> DEFAULT_ALGORITHMS =
      Set.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  /** The HMAC algorithms, accepted only when a policy names them and with registered HMAC keys. */
  public static final Set<String> HMAC_ALGORITHMS = Set.of("HS256", "HS384", "HS512");

  /** Every algorithm that the verifier can check. */
  public static final Set<String> SUPPORTED_ALGORITHMS = union(DEFAULT_ALGORITHMS, HMAC_ALGORITHMS);

  public JwsPolicy {
    algorithms = requireSupported(algorithms);
    Objects.requireNonNull(maxIatAge, "maxIatAge");
    Objects.requireNonNull(maxIatSkew, "maxIatSkew");
    if (maxIatAge.isNegative() || maxIatSkew.isNegative()) {
      throw new IllegalArgumentException("The iat window must not be negative");
    }
    if (maxPayloadBytes < 1 || maxJsonDepth < 1) {
      throw new IllegalArgumentException("The payload limits must be positive");
    }
  }

  /** Returns the policy for partner documents described in the class comment. */
  public static JwsPolicy defaults() {
    return new JwsPolicy(
        DEFAULT_ALGORITHMS,
        true,
        Duration.ofMinutes(15),
        Duration.ofMinutes(5),
        10 * 1024 * 1024,
        100);
  }

  /** Returns a copy that accepts a signature without a protected {@code iat}. */
  public JwsPolicy allowMissingIat() {
    return new JwsPolicy(algorithms, false, maxIatAge, maxIatSkew, maxPayloadBytes, maxJsonDepth);
  }

  /**
   * Returns a copy that also accepts HS256, HS384 and HS512, for partners with a registered HMAC
   * key. Such signatures give no non-repudiation.
   */
  public JwsPolicy allowHmacAlgorithms() {
    return withAlgorithms(union(algorithms, HMAC_ALGORITHMS));
  }

  /** Returns a copy that accepts exactly {@code allowed}. */
  public JwsPolicy withAlgorithms(Set<String> allowed) {
    return new JwsPolicy(
        allowed, iatRequired, maxIatAge, maxIatSkew, maxPayloadBytes, maxJsonDepth);
  }

  /** Returns a copy with another {@code iat} window. */
  public JwsPolicy withIatWindow(Duration maxAge, Duration maxSkew) {
    return new JwsPolicy(algorithms, iatRequired, maxAge, maxSkew, maxPayloadBytes, maxJsonDepth);
  }

  /** Returns a copy with other payload limits. */
  public JwsPolicy withPayloadLimits(int maxBytes, int maxDepth) {
    return new JwsPolicy(algorithms, iatRequired, maxIatAge, maxIatSkew, maxBytes, maxDepth);
  }

  private static Set<String> requireSupported(Set<String> algorithms) {
    if (algorithms == null || algorithms.isEmpty()) {
      throw new IllegalArgumentException("At least one JWS algorithm must be allowed");
    }
    for (String algorithm : algorithms) {
      if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
        throw new IllegalArgumentException(
            "JWS algorithm '"
                + algorithm
                + "' is not supported. Use some of: "
                + String.join(", ", new TreeSet<>(SUPPORTED_ALGORITHMS)));
      }
    }
    return Set.copyOf(algorithms);
  }

  private static Set<String> union(Set<String> first, Set<String> second) {
    Set<String> union = new TreeSet<>(first);
    union.addAll(second);
    return Set.copyOf(union);
  }
}
