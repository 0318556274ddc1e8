package io.countersign.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entries of an evidence bundle as read, in zip order.
 *
 * @param names every entry name in the order of the zip's local headers
 * @param firstEntryStored whether the first entry is stored uncompressed
 */
public record BundleContents(
    List<String> names, Map<String, byte[]> entries, boolean firstEntryStored) {

  public BundleContents {
    names = List.copyOf(names);
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** Returns the bytes of an entry, if the bundle has it. */
  public Optional<byte[]> entry(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** Returns the names of the entries under {@code folder}, which ends with {@code /}. */
  public List<String> namesUnder(String folder) {
    return names.stream().filter(name -> name.startsWith(folder)).toList();
  }
}
