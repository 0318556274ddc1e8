package io.countersign.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads an evidence bundle into memory, with limits that stop a zip bomb. It checks only that the
 * zip can be read, because the verifier checks the layout and every signature afterwards.
 */
public final class BundleReader {

  /**
   * The maximum number of entries. A bundle has about ten plus one per stored OCSP response, so
   * this is a guard, not a measured value.
   */
  public static final int MAX_ENTRIES = 1_000;

  /**
   * The maximum total of uncompressed bytes: room for the largest document that the server's
   * default limit (10 MiB) accepts, several times over, and its evidence.
   *
   * <p>NOTE: the bundle is read whole into memory, so {@code verify-bundle} rejects the bundle of a
   * document near or above this size, which a partner's {@code maxDocumentBytes} may allow.
   */
  public static final long MAX_TOTAL_BYTES = 256L * 1024 * 1024;

  private BundleReader() {}

  /**
   * Reads every entry of the bundle.
   *
   * @throws InvalidBundleException if the bytes are not a readable zip, exceed the limits, or
   *     have two entries with one name or a name that leaves the bundle
   */
  public static BundleContents read(byte[] bundle) throws InvalidBundleException {
    List<String> names = new ArrayList<>();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    boolean firstEntryStored = false;
    long total = 0;

    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        String name = checkedName(entry, entries.containsKey(entry.getName()), names.size());
        if (names.isEmpty()) {
          firstEntryStored = entry.getMethod() == ZipEntry.STORED;
        }
        byte[] content = readLimited(zip, MAX_TOTAL_BYTES - total, name);
        total += content.length;
        names.add(name);
        entries.put(name, content);
      }
    } catch (ZipException e) {
      throw new InvalidBundleException("The bundle is not a valid zip: " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidBundleException("The bundle cannot be read: " + e.getMessage());
    }

    if (names.isEmpty()) {
      throw new InvalidBundleException("The bundle is not a zip or has no entries");
    }
    return new BundleContents(names, entries, firstEntryStored);
  }

  private static String checkedName(ZipEntry entry, boolean duplicate, int count)
      throws InvalidBundleException {
    String name = entry.getName();
    if (count >= MAX_ENTRIES) {
      throw new InvalidBundleException("The bundle has more than " + MAX_ENTRIES + " entries");
    }
    if (duplicate) {
      // Zip tools disagree on which of two same-named entries counts, so neither may.
      throw new InvalidBundleException("The bundle has two entries named " + name);
    }
    if (name.startsWith("/") || name.contains("\\") || List.of(name.split("/")).contains("..")) {
      throw new InvalidBundleException("The bundle entry name " + name + " leaves the bundle");
    }
    return name;
  }

  private static byte[] readLimited(InputStream entry, long remaining, String name)
      throws IOException, InvalidBundleException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int read = entry.read(buffer); read >= 0; read = entry.read(buffer)) {
      if (content.size() + (long) read > remaining) {
        throw new InvalidBundleException(
            "The bundle exceeds " + MAX_TOTAL_BYTES + " uncompressed bytes at entry " + name);
      }
      content.write(buffer, 0, read);
    }
    return content.toByteArray();
  }
}
