package io.countersign.bundle;

import java.util.Objects;

/**
 * One file of an evidence bundle.
 *
 * @param name the path inside the zip, with {@code /} between folders
 * @param mediaType the media type that the manifest lists for it
 * @param content the exact bytes
 */
public record BundleEntry(String name, String mediaType, byte[] content) {

  public BundleEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(content, "content");
  }
}
