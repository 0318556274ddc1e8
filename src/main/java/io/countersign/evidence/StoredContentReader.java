package io.countersign.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the stored content of a document to a stream one chunk at a time, so that a document of
 * any size is sent without being held in memory. Each chunk is one {@link EvidenceStore} call.
 */
@ApplicationScoped
public class StoredContentReader {

  @Inject EvidenceStore store;

  /**
   * Writes the exact bytes received for {@code document} to {@code out}.
   *
   * @throws IOException if writing fails, or if a chunk is missing or the chunks do not add up to
   *     the stored size. By then some bytes may have been written, so the caller must abort the
   *     transfer rather than report a complete one.
   */
  public void copyTo(DocumentRecord document, OutputStream out) throws IOException {
    long written = 0;
    for (int index = 0; written < document.getSize(); index++) {
      byte[] chunk = chunk(document, index);
      if (written + chunk.length > document.getSize()) {
        throw new IOException(
            "The stored content of document "
                + document.getId()
                + " is longer than its recorded size of "
                + document.getSize()
                + " bytes");
      }
      out.write(chunk);
      written += chunk.length;
    }
  }

  private byte[] chunk(DocumentRecord document, int index) throws IOException {
    return store
        .contentChunk(document.getId(), index)
        .orElseThrow(
            () ->
                new IOException(
                    "Chunk "
                        + index
                        + " of the stored content of document "
                        + document.getId()
                        + " is missing; "
                        + document.getSize()
                        + " bytes are recorded"));
  }
}
