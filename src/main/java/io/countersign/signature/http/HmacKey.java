package io.countersign.signature.http;

import java.time.Instant;
import java.util.Objects;

/**
 * A shared HMAC-SHA256 secret registered to a partner, with the window in which Countersign accepts
 * it. Two keys with overlapping windows let a partner rotate without downtime.
 *
 * @param keyId the registration's id, reported in {@link VerifiedRequest#keyId()}
 * @param secret the shared secret, at least 32 bytes (the SHA-256 output length, RFC 2104 section
 *     3)
 * @param notBefore first instant the key is accepted, or {@code null} for no start
 * @param notAfter instant from which the key is no longer accepted, or {@code null} for no end
 */
public record HmacKey(String keyId, byte[] secret, Instant notBefore, Instant notAfter) {

  static final int MIN_SECRET_BYTES = 32;

  public HmacKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "The HMAC secret of key '"
              + keyId
              + "' has "
              + secret.length
              + " bytes. Register a secret of at least "
              + MIN_SECRET_BYTES
              + " bytes.");
    }
    secret = secret.clone();
  }

  /** Returns a copy of the secret. */
  @Override
  public byte[] secret() {
    return secret.clone();
  }

  /** Returns whether the key is accepted at {@code instant}. */
  public boolean isActiveAt(Instant instant) {
    return (notBefore == null || !instant.isBefore(notBefore))
        && (notAfter == null || instant.isBefore(notAfter));
  }

  /** Describes the key without its secret. */
  @Override
  public String toString() {
    return "HmacKey[keyId=" + keyId + ", notBefore=" + notBefore + ", notAfter=" + notAfter + "]";
  }
}
