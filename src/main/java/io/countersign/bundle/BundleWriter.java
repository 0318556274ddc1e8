package io.countersign.bundle;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

  private static final int BUFFER_BYTES = 64 * 1024;

  private BundleWriter() {}

  /** Returns the zip of {@code entries}, in their order, after the mimetype and the manifest. */
  public static byte[] write(List<BundleEntry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(entries, out);
    } catch (IOException e) {
      // Neither a ByteArrayOutputStream nor in-memory entries fail, so this is a bug.
      throw new UncheckedIOException("Writing the bundle in memory failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Writes the zip of {@code entries} to {@code out}, in their order, after the mimetype and the
   * manifest, each entry's content as it comes. Flushes {@code out} but does not close it.
   *
   * @throws IOException if writing to {@code out} or an entry's content fails. The zip then ends
   *     without its central directory, so that no zip tool takes a truncated entry for a whole one.
   */
  public static void write(List<BundleEntry> entries, OutputStream out) throws IOException {
    requireUniqueNames(entries);
    OutputStream buffered = new BufferedOutputStream(new UnclosedOutputStream(out), BUFFER_BYTES);
    ZipOutputStream zip = new ZipOutputStream(buffered, StandardCharsets.UTF_8);

    writeStored(zip, BundleLayout.MIMETYPE_ENTRY, ascii(BundleLayout.MIMETYPE));
    writeCompressed(
        zip, BundleLayout.MANIFEST, BundleEntry.Content.of(ManifestXml.write(entries)));
    for (BundleEntry entry : entries) {
      writeCompressed(zip, entry.name(), entry.content());
    }
    // Closed only on success, because close() would finish the zip after a failed entry too.
    zip.close();
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

  private static void writeCompressed(
      ZipOutputStream zip, String name, BundleEntry.Content content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.DEFLATED);
    zip.putNextEntry(entry);
    content.writeTo(new UnclosedOutputStream(zip));
    zip.closeEntry();
  }

  /** Passes writes through and turns close into flush, so that a caller's stream stays open. */
  private static final class UnclosedOutputStream extends FilterOutputStream {

    UnclosedOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
