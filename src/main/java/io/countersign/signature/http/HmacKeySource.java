package io.countersign.signature.http;

import java.util.List;

/** Looks up the HMAC keys registered to a partner. */
@FunctionalInterface
public interface HmacKeySource {

  /**
   * Returns every HMAC key registered to the partner, including keys outside their window, so that
   * a rejection can name an expired key. Returns an empty list for an unknown partner.
   */
  List<HmacKey> keysOf(String partnerId);
}
