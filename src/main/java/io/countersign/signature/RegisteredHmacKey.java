package io.countersign.signature;

import java.time.Instant;
import java.util.Objects;

/**
 * A shared secret registered to a partner for JWS HMAC algorithms (HS256, HS384, HS512), with the
 * window in which the registration is valid.
 *
 * <p>An HMAC signature proves only that someone holding the secret made it, and Countersign has it
 * too, so it gives no non-repudiation. The record copies the secret in and out, and {@link
 * #toString()} leaves it out.
 *
 * @param keyId the {@code kid} that selects this key, or {@code null} for none
 * @param secret the key bytes; at least 32, because RFC 7518 section 3.2 requires a key at least as
 *     long as the hash output, and Nimbus rejects shorter keys for each HS algorithm
 * @param notBefore start of the registration window, or {@code null} for none
 * @param notAfter end of the registration window, or {@code null} for none
 */
public record RegisteredHmacKey(
    String partnerId, String keyId, byte[] secret, Instant notBefore, Instant notAfter) {

  /** The minimum secret length in bytes: the output length of SHA-256. */
  public static final int MIN_SECRET_BYTES = 32;

  public RegisteredHmacKey {
    Objects.requireNonNull(partnerId, "partnerId");
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "The HMAC secret of partner '"
              + partnerId
              + "' has "
              + secret.length
              + " bytes, but at least "
              + MIN_SECRET_BYTES
              + " are required");
    }
    secret = secret.clone();
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public String toString() {
    return "RegisteredHmacKey[partnerId="
        + partnerId
        + ", keyId="
        + keyId
        + ", secret=("
        + secret.length
        + " bytes), notBefore="
        + notBefore
        + ", notAfter="
        + notAfter
        + "]";
  }
}
