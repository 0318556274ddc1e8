package io.countersign.benchmark;

import java.nio.file.Path;

/** Locates the public sample documents that the benchmark documents are built from. */
final class Conformance {

  private Conformance() {}

  /**
   * Returns the directory named by the system property {@code countersign.conformance}, which the
   * Maven profile sets, or else the pom's default for that property, relative to the working
   * directory.
   */
  static Path directory() {
    return Path.of(System.getProperty("countersign.conformance", "../shared/conformance"));
  }
}
