package io.countersign.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an evidence bundle: {@code mimetype} first and stored, so that its content sits at a
 * fixed offset as ASiC-E requires, then the manifest, then the entries compressed.
 */
public final class BundleWriter {

  private BundleWriter() {}

  /** Returns the zip of {@code entries}, in their order, after the mimetype and the manifest. */
  public static byte[] write(List<BundleEntry> entries) {
    requireUniqueNames(entries);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      writeStored(zip, BundleLayout.MIMETYPE_ENTRY, ascii(BundleLayout.MIMETYPE));
      writeCompressed(zip, BundleLayout.MANIFEST, ManifestXml.write(entries));
      for (BundleEntry entry : entries) {
        writeCompressed(zip, entry.name(), entry.content());
      }
    } catch (IOException e) {
      // A ByteArrayOutputStream does not fail, so this is a bug.
      throw new UncheckedIOException("Writing the bundle in memory failed", e);
    }
    return out.toByteArray();
  }

  private static void requireUniqueNames(List<BundleEntry> entries) {
    Set<String> names = new HashSet<>(Set.of(BundleLayout.MIMETYPE_ENTRY, BundleLayout.MANIFEST));
    for (BundleEntry entry : entries) {
      if (!names.add(entry.name())) {
        throw new IllegalArgumentException("Duplicate bundle entry " + entry.name());
      }
    }
  }

  /**
   * Writes an uncompressed entry without an extra field. A stored entry needs its size and CRC
   * before its data, so that the local header carries them instead of a data descriptor.
   */
  private static void writeStored(ZipOutputStream zip, String name, byte[] content)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(content.length);
    entry.setCompressedSize(content.length);
    CRC32 crc = new CRC32();
    crc.update(content);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  private static void writeCompressed(ZipOutputStream zip, String name, byte[] content)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.DEFLATED);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
