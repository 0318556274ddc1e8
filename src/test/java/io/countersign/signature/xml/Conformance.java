package io.countersign.signature.xml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The public sample documents that tests sign and verify. */
final class Conformance {

  private static final Path ROOT =
      Path.of(System.getProperty("countersign.conformance", "../shared/conformance"));

  private Conformance() {}

  /** Returns the root directory of the conformance data. */
  static Path root() {
    return ROOT;
  }

  /** Reads a business document, for example {@code oasis-ubl-2.1/UBL-Invoice-2.1-Example.xml}. */
  static byte[] businessDocument(String name) {
    try {
      return Files.readAllBytes(ROOT.resolve("business-documents").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lists the UBL documents, as names that {@link #businessDocument} accepts. */
  static List<String> ublDocuments() {
    Path documents = ROOT.resolve("business-documents");
    try (Stream<Path> files = Files.walk(documents)) {
      List<String> names =
          files
              .filter(file -> file.toString().endsWith(".xml"))
              .map(file -> documents.relativize(file).toString())
              .sorted()
              .toList();
      if (names.isEmpty()) {
        throw new IllegalStateException("No UBL documents found under " + documents);
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
