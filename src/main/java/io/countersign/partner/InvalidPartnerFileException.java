package io.countersign.partner;

import java.nio.file.Path;

/** A partner file that cannot be read or does not describe a valid partner. */
final class InvalidPartnerFileException extends Exception {

  InvalidPartnerFileException(Path file, String problem) {
    super("Invalid partner file " + file + ": " + problem);
  }
}
