package io.countersign.signature.http;

import java.security.Key;
import java.time.Instant;
import java.util.Objects;

/**
 * A request signing key registered to a partner for RFC 9421 signatures, selected by the {@code
 * keyid} signature parameter.
 *
 * @param keyId the {@code keyid} that selects this key
 * @param partnerId the partner that registered the key
 * @param algorithm the only algorithm that the key verifies
 * @param key the public key, or a {@link javax.crypto.SecretKey} for {@code hmac-sha256}
 * @param notBefore first instant the key is accepted, or {@code null} for no start
 * @param notAfter instant from which the key is no longer accepted, or {@code null} for no end
 */
public record HttpSignatureKey(
    String keyId,
    String partnerId,
    HttpSignatureAlgorithm algorithm,
    Key key,
    Instant notBefore,
    Instant notAfter) {

  public HttpSignatureKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(partnerId, "partnerId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(key, "key");
    if (!algorithm.accepts(key)) {
      throw new IllegalArgumentException(
          "Key '"
              + keyId
              + "' ("
              + key.getAlgorithm()
              + ") is not a "
              + algorithm.identifier()
              + " verification key");
    }
  }

  /** Returns whether the key is accepted at {@code instant}. */
  public boolean isActiveAt(Instant instant) {
    return (notBefore == null || !instant.isBefore(notBefore))
        && (notAfter == null || instant.isBefore(notAfter));
  }

  /** Describes the key without its material. */
  @Override
  public String toString() {
    return "HttpSignatureKey[keyId="
        + keyId
        + ", partnerId="
        + partnerId
        + ", algorithm="
        + algorithm.identifier()
        + ", notBefore="
        + notBefore
        + ", notAfter="
        + notAfter
        + "]";
  }
}
