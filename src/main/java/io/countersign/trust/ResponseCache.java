package io.countersign.trust;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded cache of revocation responses that drops each entry once its {@code nextUpdate} has
 * passed on the clock, and the least recently used entry when full. Thread-safe.
 */
final class ResponseCache<K, V> {

  private record Cached<V>(V value, Instant expiresAt) {}

  private final Clock clock;
  private final Map<K, Cached<V>> entries;

  ResponseCache(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("Cache capacity must be at least 1, but is " + capacity);
    }
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Cached<V>> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized Optional<V> get(K key) {
    Cached<V> entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (clock.instant().isAfter(entry.expiresAt())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  synchronized void put(K key, V value, Instant expiresAt) {
    if (clock.instant().isAfter(expiresAt)) {
      return;
    }
    entries.put(key, new Cached<>(value, expiresAt));
  }
}
