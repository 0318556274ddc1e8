package io.countersign.signature.http;

import java.util.Optional;

/** Looks up registered RFC 9421 request signing keys. */
@FunctionalInterface
public interface HttpSignatureKeySource {

  /**
   * Returns the key registered under {@code keyId}, whichever partner owns it, including a key
   * outside its window, so that a rejection can name an expired key.
   */
  Optional<HttpSignatureKey> findByKeyId(String keyId);
}
