package io.countersign.intake;

import io.countersign.evidence.DocumentContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A request body as {@link BodyReader} read it, in memory or in a spool file. Closing it deletes
 * the spool file, so a caller that closes it in a finally block (or try-with-resources) leaves no
 * file behind, whether the document was accepted or rejected.
 */
record ReceivedBody(DocumentContent content) implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ReceivedBody.class.getName());

  @Override
  public void close() {
    if (content instanceof DocumentContent.InFile spooled) {
      deleteSpoolFile(spooled.file());
    }
  }

  /** Deletes a spool file, or logs why it could not. */
  static void deleteSpoolFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The directory is emptied of leftovers at the next start.
      LOG.log(Level.WARNING, "Deleting the spool file " + file + " failed", e);
    }
  }
}
