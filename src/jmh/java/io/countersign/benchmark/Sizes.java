package io.countersign.benchmark;

import java.util.Locale;

/** Parses the document sizes of benchmark parameters, in decimal units: 1 KB = 1,000 bytes. */
public final class Sizes {

  private Sizes() {}

  /** Returns the bytes of a size such as {@code 5KB}, {@code 1MB} or {@code 8000}. */
  public static int parse(String size) {
    String upper = size.strip().toUpperCase(Locale.ROOT);
    if (upper.endsWith("MB")) {
      return Math.multiplyExact(Integer.parseInt(upper.substring(0, upper.length() - 2)), 1_000_000);
    }
    if (upper.endsWith("KB")) {
      return Math.multiplyExact(Integer.parseInt(upper.substring(0, upper.length() - 2)), 1_000);
    }
    return Integer.parseInt(upper);
  }
}
