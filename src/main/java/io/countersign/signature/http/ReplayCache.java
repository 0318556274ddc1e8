package io.countersign.signature.http;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signature values that a verifier accepted and that could still be accepted again, each kept
 * until the last instant at which its timestamp checks would accept it.
 *
 * <p>NOTE: the cache lives in one verifier instance in memory. Several instances, several server
 * processes or a restart each start empty, so a replay to another instance or after a restart is
 * not detected.
 *
 * <p>Thread-safe.
 */
final class ReplayCache {

  private final int capacity;
  private final Map<String, Instant> lastAcceptedAt = new HashMap<>();

  ReplayCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("The replay cache capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Records the signature values with the last instant they could be accepted, and returns {@code
   * true}. Returns {@code false} and records nothing if one of them is already recorded and that
   * instant has not passed.
   *
   * @throws IllegalStateException if the cache contains {@code capacity} unexpired values. The
   *     request is then neither accepted nor recorded, because dropping a value would let it be
   *     replayed
   */
  synchronized boolean recordFirstUse(
      List<byte[]> signatureValues, Instant now, Instant lastAccepted) {
    List<String> keys = signatureValues.stream().map(Base64.getEncoder()::encodeToString).toList();

    for (String key : keys) {
      Instant recorded = lastAcceptedAt.get(key);
      if (recorded != null && !now.isAfter(recorded)) {
        return false;
      }
    }

    // Sweeping on every call would scan the whole map, so the sweep waits until the map is full.
    if (lastAcceptedAt.size() + keys.size() > capacity) {
      removeExpired(now);
    }
    if (lastAcceptedAt.size() + keys.size() > capacity) {
      throw new IllegalStateException(
          "The replay cache is full: it contains "
              + lastAcceptedAt.size()
              + " unexpired signatures. Raise its capacity or shorten the accepted window.");
    }
    keys.forEach(key -> lastAcceptedAt.put(key, lastAccepted));
    return true;
  }

  synchronized int size() {
    return lastAcceptedAt.size();
  }

  private void removeExpired(Instant now) {
    lastAcceptedAt.values().removeIf(now::isAfter);
  }
}
