package io.countersign.intake;

import io.countersign.evidence.DocumentContent;
import io.countersign.platform.RejectedException;
import io.countersign.platform.RejectionReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads a request body within its {@link BodyLimits}, so that no document is held whole in memory
 * beyond the streaming threshold.
 *
 * <ul>
 *   <li>A declared Content-Length over a limit is rejected before any byte is read.
 *   <li>Up to the streaming threshold, the body is read into memory.
 *   <li>A larger XML body goes to a spool file, with its SHA-256 and size computed in the same
 *       pass, and reading stops as soon as it passes the partner's maximum.
 *   <li>Any other body is verified in memory, so it is read into memory up to the in-memory
 *       maximum and rejected as soon as it passes it.
 * </ul>
 *
 * <p>Every limit that is passed rejects the request with 413 ({@link
 * RejectionReason#DOCUMENT_TOO_LARGE}), and a rejected body leaves no spool file behind.
 */
final class BodyReader {

  private static final Logger LOG = Logger.getLogger(BodyReader.class.getName());
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final SpoolDirectory spool;

  BodyReader(SpoolDirectory spool) {
    this.spool = spool;
  }

  /**
   * Reads the body. The caller must close the result, which deletes its spool file.
   *
   * @param declaredLength the Content-Length, or -1 for a body without one (chunked)
   * @throws RejectedException with 413 when a limit is passed, with 400 when the body cannot be
   *     read or ends before its Content-Length, with 503 when the spool file cannot be written
   */
  ReceivedBody read(
      InputStream body, long declaredLength, BodyLimits limits, SubmissionFormat format) {
    boolean streamed = format == SubmissionFormat.XML;
    if (declaredLength > limits.maxDocumentBytes()) {
      throw tooLarge(declaredLength + " bytes", limits.partnerId(), limits.maxDocumentBytes());
    }
    if (!streamed && declaredLength > limits.maxInMemoryBytes()) {
      throw tooLargeForMemory(declaredLength + " bytes", format, limits);
    }

    long inMemoryLimit =
        Math.min(
            limits.maxDocumentBytes(),
            streamed ? limits.streamingThresholdBytes() : limits.maxInMemoryBytes());
    byte[] head = readUpTo(body, inMemoryLimit + 1);
    if (head.length <= inMemoryLimit) {
      requireDeclaredLength(head.length, declaredLength);
      return new ReceivedBody(DocumentContent.inMemory(head));
    }
    if (inMemoryLimit == limits.maxDocumentBytes()) {
      throw tooLarge(
          "more than " + limits.maxDocumentBytes() + " bytes",
          limits.partnerId(),
          limits.maxDocumentBytes());
    }
    if (!streamed) {
      throw tooLargeForMemory("more than " + limits.maxInMemoryBytes() + " bytes", format, limits);
    }
    return spool(head, body, declaredLength, limits);
  }

  /**
   * Writes the part already read and the rest of the body to a new spool file, which is deleted
   * again if anything fails.
   */
  private ReceivedBody spool(
      byte[] head, InputStream body, long declaredLength, BodyLimits limits) {
    Path file = newSpoolFile();
    boolean complete = false;
    try {
      ReceivedBody received = copyToFile(head, body, declaredLength, limits, file);
      complete = true;
      return received;
    } finally {
      if (!complete) {
        ReceivedBody.deleteSpoolFile(file);
      }
    }
  }

  private static ReceivedBody copyToFile(
      byte[] head, InputStream body, long declaredLength, BodyLimits limits, Path file) {
    MessageDigest sha256 = DocumentContent.newSha256();
    long size = head.length;
    try (OutputStream out = Files.newOutputStream(file)) {
      sha256.update(head);
      write(out, head, head.length, file);

      byte[] buffer = new byte[COPY_BUFFER_BYTES];
      for (int read = readSome(body, buffer); read >= 0; read = readSome(body, buffer)) {
        size += read;
        if (size > limits.maxDocumentBytes()) {
          throw tooLarge(
              "more than " + limits.maxDocumentBytes() + " bytes",
              limits.partnerId(),
              limits.maxDocumentBytes());
        }
        sha256.update(buffer, 0, read);
        write(out, buffer, read, file);
      }
    } catch (IOException e) {
      // Opening or closing the file failed; reads and writes report their own failures.
      throw spoolFailed(file, e);
    }
    requireDeclaredLength(size, declaredLength);
    String digest = HexFormat.of().formatHex(sha256.digest());
    return new ReceivedBody(DocumentContent.inFile(file, size, digest));
  }

  private Path newSpoolFile() {
    try {
      return spool.newFile();
    } catch (IOException e) {
      throw spoolFailed(spool.path(), e);
    }
  }

  private static byte[] readUpTo(InputStream body, long maxBytes) {
    try {
      return body.readNBytes(Math.toIntExact(maxBytes));
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static int readSome(InputStream body, byte[] buffer) {
    try {
      return body.read(buffer);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static void write(OutputStream out, byte[] bytes, int length, Path file) {
    try {
      out.write(bytes, 0, length);
    } catch (IOException e) {
      throw spoolFailed(file, e);
    }
  }

  /** Rejects a body that ended before the length its Content-Length header declared. */
  private static void requireDeclaredLength(long size, long declaredLength) {
    if (declaredLength >= 0 && size != declaredLength) {
      throw new RejectedException(
          RejectionReason.REQUEST_INVALID,
          "The request body ended after "
              + size
              + " of the "
              + declaredLength
              + " bytes that its Content-Length declares. Send the whole document again.");
    }
  }

  /**
   * Returns the 413 rejection of a document over the partner's maximum, or over the server's when
   * only the document's signature can identify the partner.
   *
   * @param size the document's size as known, for example {@code "more than 1024 bytes"}
   * @param partnerId the partner whose limit applies, or {@code null}
   */
  static RejectedException tooLarge(String size, String partnerId, long maxBytes) {
    String limit =
        partnerId == null
            ? "at most "
                + maxBytes
                + " bytes are accepted from a client that only its document's signature identifies."
                + " Send a smaller document."
            : "partner '"
                + partnerId
                + "' may send at most "
                + maxBytes
                + " bytes. Send a smaller document, or ask the operator to raise the partner's"
                + " maxDocumentBytes.";
    return new RejectedException(
        RejectionReason.DOCUMENT_TOO_LARGE, "The document has " + size + ", but " + limit);
  }

  /** Returns the 413 rejection of a document that must be verified in memory and is too large. */
  private static RejectedException tooLargeForMemory(
      String size, SubmissionFormat format, BodyLimits limits) {
    String kind =
        format == SubmissionFormat.UNSIGNED
            ? "Documents without a signature of their own are checked in memory"
            : "JWS documents are verified in memory";
    return new RejectedException(
        RejectionReason.DOCUMENT_TOO_LARGE,
        kind
            + ", so they may have at most "
            + limits.maxInMemoryBytes()
            + " bytes, but this one has "
            + size
            + ". Send a larger document as XML with an enveloped XML Signature, which is verified"
            + " as a stream up to "
            + limits.maxDocumentBytes()
            + " bytes.");
  }

  private static RejectedException unreadable(IOException e) {
    return new RejectedException(
        RejectionReason.REQUEST_INVALID, "The request body could not be read: " + e.getMessage());
  }

  private static RejectedException spoolFailed(Path file, IOException e) {
    LOG.log(Level.SEVERE, "Writing the spool file " + file + " failed", e);
    return new RejectedException(
        RejectionReason.STORE_UNAVAILABLE,
        "The document could not be stored, so it was not accepted. Send it again later.");
  }
}
