package io.countersign.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * One file of an evidence bundle.
 *
 * @param name the path inside the zip, with {@code /} between folders
 * @param mediaType the media type that the manifest lists for it
 * @param content the writer of the exact bytes, called once when the bundle is written
 */
public record BundleEntry(String name, String mediaType, Content content) {

  public BundleEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(content, "content");
  }

  /** Creates an entry of bytes in memory. */
  public BundleEntry(String name, String mediaType, byte[] content) {
    this(name, mediaType, Content.of(content));
  }

  /**
   * The bytes of an entry, written to the bundle as it is written, so that a large document can
   * be streamed into the zip instead of held in memory.
   */
  @FunctionalInterface
  public interface Content {

    /** Writes the entry's bytes to {@code out}, without closing it. */
    void writeTo(OutputStream out) throws IOException;

    /** Returns the content of bytes in memory. */
    static Content of(byte[] bytes) {
      Objects.requireNonNull(bytes, "content");
      return out -> out.write(bytes);
    }
  }
}
