package io.countersign.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {

  private static final List<BundleEntry> ENTRIES =
      List.of(
          new BundleEntry("document.xml", "application/xml", bytes("<Invoice/>")),
          new BundleEntry(BundleLayout.RECEIPT, BundleLayout.JSON, bytes("{\"sha256\":\"00\"}")),
          new BundleEntry(BundleLayout.RECEIPT_SIGNATURE, BundleLayout.JOSE, bytes("e30..c2ln")),
          new BundleEntry(
              BundleLayout.ocspResponseEntry(1, "signer"),
              BundleLayout.OCSP_RESPONSE,
              new byte[] {0x30, 0x03, 0x0a, 0x01, 0x00}));

  @Test
  void write_mimetypeFirstAndStored() throws IOException {
    try (ZipInputStream zip = zip(BundleWriter.write(ENTRIES))) {
      ZipEntry first = zip.getNextEntry();

      assertEquals(BundleLayout.MIMETYPE_ENTRY, first.getName());
      assertEquals(ZipEntry.STORED, first.getMethod());
      assertEquals(null, first.getExtra());
      assertEquals(BundleLayout.MIMETYPE, new String(zip.readAllBytes(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void write_manifestSecondAndListsEveryEntry() throws Exception {
    Map<String, byte[]> entries = readAll(BundleWriter.write(ENTRIES));
    List<String> names = new ArrayList<>(entries.keySet());

    assertEquals(BundleLayout.MANIFEST, names.get(1));
    Map<String, String> listed = ManifestXml.read(entries.get(BundleLayout.MANIFEST));
    assertEquals(BundleLayout.MIMETYPE, listed.get("/"));
    for (BundleEntry entry : ENTRIES) {
      assertEquals(entry.mediaType(), listed.get(entry.name()), entry.name());
    }
    assertEquals(ENTRIES.size() + 1, listed.size());
  }

  @Test
  void write_keepsEntryBytesAndOrder() throws IOException {
    Map<String, byte[]> entries = readAll(BundleWriter.write(ENTRIES));
    List<String> names = new ArrayList<>(entries.keySet());

    assertEquals(ENTRIES.size() + 2, names.size());
    for (int i = 0; i < ENTRIES.size(); i++) {
      assertEquals(ENTRIES.get(i).name(), names.get(i + 2));
      assertArrayEquals(bytesOf(ENTRIES.get(i)), entries.get(ENTRIES.get(i).name()));
    }
  }

  @Test
  void write_duplicateName_rejected() {
    List<BundleEntry> duplicated = List.of(ENTRIES.get(0), ENTRIES.get(0));

    assertThrows(IllegalArgumentException.class, () -> BundleWriter.write(duplicated));
  }

  @Test
  void read_writtenBundle_returnsEntries() throws InvalidBundleException, IOException {
    BundleContents contents = BundleReader.read(BundleWriter.write(ENTRIES));

    assertEquals(BundleLayout.MIMETYPE_ENTRY, contents.names().getFirst());
    assertEquals(true, contents.firstEntryStored());
    assertArrayEquals(bytesOf(ENTRIES.get(0)), contents.entry("document.xml").orElseThrow());
    assertEquals(List.of("evidence/revocation/1-signer.ocsp"), contents.namesUnder("evidence/revocation/"));
  }

  @Test
  void write_streamedEntry_keepsEveryByte() throws IOException {
    byte[] large = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(large);
    BundleEntry.Content inPieces =
        out -> {
          for (int offset = 0; offset < large.length; offset += 100_000) {
            out.write(large, offset, Math.min(100_000, large.length - offset));
          }
        };
    ByteArrayOutputStream bundle = new ByteArrayOutputStream();

    BundleWriter.write(
        List.of(new BundleEntry("document.bin", "application/octet-stream", inPieces)), bundle);

    assertArrayEquals(large, readAll(bundle.toByteArray()).get("document.bin"));
  }

  @Test
  void write_toStream_leavesItOpen() throws IOException {
    AtomicBoolean closed = new AtomicBoolean();
    ByteArrayOutputStream bundle =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed.set(true);
          }
        };

    BundleWriter.write(ENTRIES, bundle);

    assertFalse(closed.get());
    assertEquals(ENTRIES.size() + 2, readAll(bundle.toByteArray()).size());
  }

  @Test
  void write_failingEntry_leavesNoCentralDirectory(@TempDir Path directory) throws IOException {
    BundleEntry.Content failing =
        out -> {
          out.write(bytes("<Invoice>"));
          throw new IOException("chunk 3 is missing");
        };
    List<BundleEntry> entries =
        List.of(new BundleEntry("document.xml", "application/xml", failing), ENTRIES.get(1));
    ByteArrayOutputStream bundle = new ByteArrayOutputStream();

    IOException e = assertThrows(IOException.class, () -> BundleWriter.write(entries, bundle));

    assertEquals("chunk 3 is missing", e.getMessage());
    Path written = Files.write(directory.resolve("truncated.zip"), bundle.toByteArray());
    assertThrows(ZipException.class, () -> new ZipFile(written.toFile()).close());
  }

  @Test
  void read_notZip_rejected() {
    assertThrows(InvalidBundleException.class, () -> BundleReader.read(bytes("not a zip")));
  }

  @Test
  void read_entryLeavingBundle_rejected() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("../receipt.json"));
      zip.write(bytes("{}"));
      zip.closeEntry();
    }

    assertThrows(InvalidBundleException.class, () -> BundleReader.read(out.toByteArray()));
  }

  @Test
  void documentEntry_namesByFormatAndType() {
    assertEquals("document.xml", BundleLayout.documentEntry("xmldsig-enveloped", "application/xml"));
    assertEquals("document.xml", BundleLayout.documentEntry("xmldsig-enveloped", "text/xml; charset=UTF-8"));
    assertEquals("document.jws", BundleLayout.documentEntry("jws-compact", "application/jose"));
    assertEquals("document.jws", BundleLayout.documentEntry("jws-compact-hmac", "application/jose"));
    assertEquals("document.json", BundleLayout.documentEntry("jws-json", "application/jose+json"));
    assertEquals("document.json", BundleLayout.documentEntry("jws-detached", "application/json"));
    assertEquals("document.txt", BundleLayout.documentEntry("http-message-signature", "text/csv"));
    assertEquals("document.bin", BundleLayout.documentEntry("jws-detached", "application/pdf"));
  }

  private static byte[] bytesOf(BundleEntry entry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entry.content().writeTo(out);
    return out.toByteArray();
  }

  private static ZipInputStream zip(byte[] bundle) {
    return new ZipInputStream(new ByteArrayInputStream(bundle));
  }

  private static Map<String, byte[]> readAll(byte[] bundle) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = zip(bundle)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries.put(entry.getName(), zip.readAllBytes());
      }
    }
    return entries;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
