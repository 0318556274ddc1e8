package io.countersign.signature.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The requirements that {@link HttpMessageSignatureVerifier} places on an RFC 9421 signature beyond
 * a valid signature value, validated on construction.
 *
 * @param requiredComponents component names that every accepted signature must cover, always a
 *     superset of {@link #MINIMUM_COMPONENTS}
 * @param maxAge how long after its {@code created} time a signature is accepted, whatever its
 *     {@code expires} states, and so also how long it stays in the replay cache
 * @param maxClockSkew how far in the future {@code created} may lie, for signers whose clock runs
 *     ahead
 * @param replayCacheCapacity the maximum number of signatures remembered at once
 */
public record HttpSignaturePolicy(
    Set<String> requiredComponents,
    Duration maxAge,
    Duration maxClockSkew,
    int replayCacheCapacity) {

  /**
   * The components that bind a signature to the method, the target URI and the body. Without them a
   * signature could be moved to another request.
   */
  public static final Set<String> MINIMUM_COMPONENTS =
      Set.of("@method", "@target-uri", "content-digest");

  public HttpSignaturePolicy {
    requiredComponents = Set.copyOf(requiredComponents);
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    if (!requiredComponents.containsAll(MINIMUM_COMPONENTS)) {
      throw new IllegalArgumentException(
          "The required components " + requiredComponents + " lack some of " + MINIMUM_COMPONENTS);
    }
    for (String name : requiredComponents) {
      if (!name.equals(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "The required component name '" + name + "' is not lower case");
      }
    }
    if (!maxAge.isPositive() || maxClockSkew.isNegative()) {
      throw new IllegalArgumentException(
          "The maximum age must be positive and the clock skew not negative: "
              + maxAge
              + ", "
              + maxClockSkew);
    }
    if (replayCacheCapacity < 1) {
      throw new IllegalArgumentException(
          "The replay cache capacity must be positive: " + replayCacheCapacity);
    }
  }

  /**
   * Returns the defaults: the minimum components, a maximum age of 300 seconds, a clock skew of 60
   * seconds and room for 100,000 signatures in the replay cache.
   */
  public static HttpSignaturePolicy defaults() {
    return new HttpSignaturePolicy(
        MINIMUM_COMPONENTS, Duration.ofSeconds(300), Duration.ofSeconds(60), 100_000);
  }
}
