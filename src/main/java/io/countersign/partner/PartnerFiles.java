package io.countersign.partner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a directory of partner files outside the server, for operator tools. */
public final class PartnerFiles {

  /** The partners read, and one message per file or directory that could not be read. */
  public record Contents(List<Partner> partners, List<String> errors) {}

  private PartnerFiles() {}

  public static Contents read(Path directory) {
    List<Partner> partners = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      errors.add("Cannot read the partner directory " + directory + ": " + e.getMessage());
    }
    files.sort(null);
    for (Path file : files) {
      try {
        partners.add(PartnerFileParser.parse(file));
      } catch (InvalidPartnerFileException e) {
        errors.add(e.getMessage());
      }
    }
    return new Contents(List.copyOf(partners), List.copyOf(errors));
  }
}
