package io.countersign.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.evidence.DocumentContent;
import io.countersign.partner.Partner;
import io.countersign.partner.PartnerFiles;
import io.countersign.platform.RejectedException;
import io.countersign.platform.RejectionReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyReaderTest {

  private static final long MAX_BYTES = 4 * 1024 * 1024;
  private static final long MAX_IN_MEMORY_BYTES = 2 * 1024 * 1024;
  private static final long THRESHOLD_BYTES = 1024 * 1024;
  private static final BodyLimits ACME =
      new BodyLimits("acme", MAX_BYTES, MAX_IN_MEMORY_BYTES, THRESHOLD_BYTES);

  @TempDir Path directory;

  private SpoolDirectory spool;
  private BodyReader reader;

  @BeforeEach
  void openSpool() throws IOException {
    spool = SpoolDirectory.open(directory.resolve("spool"));
    reader = new BodyReader(spool);
  }

  @AfterEach
  void closeSpool() throws IOException {
    spool.close();
  }

  @Test
  void read_declaredLengthOverMax_rejectedBeforeReading() {
    CountingStream body = new CountingStream(Long.MAX_VALUE);

    RejectedException e =
        assertThrows(
            RejectedException.class,
            () -> reader.read(body, MAX_BYTES + 1, ACME, SubmissionFormat.XML));

    assertEquals(RejectionReason.DOCUMENT_TOO_LARGE, e.rejection().reason());
    String detail = e.rejection().detail();
    assertTrue(detail.contains((MAX_BYTES + 1) + " bytes"), detail);
    assertTrue(detail.contains("partner 'acme' may send at most " + MAX_BYTES), detail);
    assertEquals(0, body.read);
  }

  @Test
  void read_chunkedOverMax_stopsAtLimit() throws IOException {
    CountingStream body = new CountingStream(Long.MAX_VALUE);

    RejectedException e =
        assertThrows(
            RejectedException.class, () -> reader.read(body, -1, ACME, SubmissionFormat.XML));

    assertEquals(RejectionReason.DOCUMENT_TOO_LARGE, e.rejection().reason());
    String detail = e.rejection().detail();
    assertTrue(detail.contains("more than " + MAX_BYTES + " bytes"), detail);
    assertTrue(body.read <= MAX_BYTES + 64 * 1024, body.read + " bytes read");
    assertEquals(List.of(), spoolFiles());
  }

  @Test
  void read_smallXml_staysInMemory() throws IOException {
    byte[] document = random(1000);

    try (ReceivedBody received =
        reader.read(stream(document), document.length, ACME, SubmissionFormat.XML)) {
      DocumentContent.InMemory content =
          assertInstanceOf(DocumentContent.InMemory.class, received.content());
      assertArrayEquals(document, content.bytes());
      assertEquals(DocumentContent.sha256Hex(document), content.sha256());
      assertEquals(List.of(), spoolFiles());
    }
  }

  @Test
  void read_largeXml_spooledWithDigest() throws IOException {
    byte[] document = random(3 * 1024 * 1024 + 3);

    try (ReceivedBody received = reader.read(stream(document), -1, ACME, SubmissionFormat.XML)) {
      DocumentContent.InFile content =
          assertInstanceOf(DocumentContent.InFile.class, received.content());
      assertArrayEquals(document, Files.readAllBytes(content.file()));
      assertEquals(document.length, content.size());
      assertEquals(DocumentContent.sha256Hex(document), content.sha256());
      assertEquals(List.of(content.file()), spoolFiles());
    }
  }

  @Test
  void close_afterAcceptance_deletesSpoolFile() throws IOException {
    byte[] document = random(2 * 1024 * 1024);
    ReceivedBody received =
        reader.read(stream(document), document.length, ACME, SubmissionFormat.XML);
    Path file = assertInstanceOf(DocumentContent.InFile.class, received.content()).file();

    received.close();

    assertTrue(Files.notExists(file), file + " exists");
    assertEquals(List.of(), spoolFiles());
  }

  @Test
  void close_afterRejection_deletesSpoolFile() throws IOException {
    byte[] document = random(2 * 1024 * 1024);

    RejectedException e =
        assertThrows(
            RejectedException.class,
            () -> {
              try (ReceivedBody received =
                  reader.read(stream(document), document.length, ACME, SubmissionFormat.XML)) {
                assertEquals(1, spoolFiles().size());
                throw new RejectedException(RejectionReason.REFERENCE_DIGEST_MISMATCH, "changed");
              }
            });

    assertEquals(RejectionReason.REFERENCE_DIGEST_MISMATCH, e.rejection().reason());
    assertEquals(List.of(), spoolFiles());
  }

  @Test
  void read_shortBody_rejected() throws IOException {
    byte[] document = random(2 * 1024 * 1024);

    RejectedException e =
        assertThrows(
            RejectedException.class,
            () -> reader.read(stream(document), document.length + 10, ACME, SubmissionFormat.XML));

    assertEquals(RejectionReason.REQUEST_INVALID, e.rejection().reason());
    String detail = e.rejection().detail();
    assertTrue(detail.contains("after " + document.length + " of the"), detail);
    assertEquals(List.of(), spoolFiles());
  }

  @Test
  void read_largeJws_rejectedSuggestingXml() {
    CountingStream body = new CountingStream(Long.MAX_VALUE);

    RejectedException e =
        assertThrows(
            RejectedException.class,
            () -> reader.read(body, MAX_IN_MEMORY_BYTES + 1, ACME, SubmissionFormat.JWS_COMPACT));

    assertEquals(RejectionReason.DOCUMENT_TOO_LARGE, e.rejection().reason());
    String detail = e.rejection().detail();
    assertTrue(detail.contains("JWS documents are verified in memory"), detail);
    assertTrue(detail.contains("at most " + MAX_IN_MEMORY_BYTES + " bytes"), detail);
    assertTrue(detail.contains("as XML"), detail);
    assertEquals(0, body.read);
  }

  @Test
  void read_chunkedLargeJws_stopsAtLimit() throws IOException {
    CountingStream body = new CountingStream(Long.MAX_VALUE);

    RejectedException e =
        assertThrows(
            RejectedException.class, () -> reader.read(body, -1, ACME, SubmissionFormat.JWS_JSON));

    assertEquals(RejectionReason.DOCUMENT_TOO_LARGE, e.rejection().reason());
    String detail = e.rejection().detail();
    assertTrue(detail.contains("JWS documents are verified in memory"), detail);
    assertEquals(MAX_IN_MEMORY_BYTES + 1, body.read);
    assertEquals(List.of(), spoolFiles());
  }

  @Test
  void read_jwsAboveThreshold_staysInMemory() throws IOException {
    byte[] document = random(1536 * 1024);

    try (ReceivedBody received =
        reader.read(stream(document), document.length, ACME, SubmissionFormat.JWS_COMPACT)) {
      DocumentContent.InMemory content =
          assertInstanceOf(DocumentContent.InMemory.class, received.content());
      assertArrayEquals(document, content.bytes());
      assertEquals(List.of(), spoolFiles());
    }
  }

  @Test
  void read_unidentifiedOverMax_namesServerLimit() {
    BodyLimits unidentified = new BodyLimits(null, MAX_BYTES, MAX_IN_MEMORY_BYTES, THRESHOLD_BYTES);

    RejectedException e =
        assertThrows(
            RejectedException.class,
            () ->
                reader.read(
                    new CountingStream(Long.MAX_VALUE),
                    MAX_BYTES + 1,
                    unidentified,
                    SubmissionFormat.XML));

    assertEquals(RejectionReason.DOCUMENT_TOO_LARGE, e.rejection().reason());
    String detail = e.rejection().detail();
    assertTrue(detail.contains("only its document's signature identifies"), detail);
  }

  @Test
  void forPartner_partnerFileMax_replacesServerMax() throws IOException {
    Path partners = Files.createDirectories(directory.resolve("partners"));
    Files.writeString(
        partners.resolve("acme.json"), "{\"id\": \"acme\", \"maxDocumentBytes\": 2048}");
    Files.writeString(partners.resolve("globex.json"), "{\"id\": \"globex\"}");
    PartnerFiles.Contents contents = PartnerFiles.read(partners);
    assertEquals(List.of(), contents.errors());

    BodyLimits acme = limitsFor("acme", partner(contents, "acme"));
    BodyLimits globex = limitsFor("globex", partner(contents, "globex"));
    BodyLimits unidentified = limitsFor(null, Optional.empty());

    assertEquals(2048, acme.maxDocumentBytes());
    assertEquals(MAX_BYTES, globex.maxDocumentBytes());
    assertEquals(MAX_BYTES, unidentified.maxDocumentBytes());
    RejectedException e =
        assertThrows(
            RejectedException.class,
            () -> reader.read(stream(random(3000)), -1, acme, SubmissionFormat.XML));
    assertEquals(RejectionReason.DOCUMENT_TOO_LARGE, e.rejection().reason());
    String detail = e.rejection().detail();
    assertTrue(detail.contains("partner 'acme' may send at most 2048 bytes"), detail);
  }

  @Test
  void open_leftovers_deletesOnlySpoolFiles() throws IOException {
    Path leftovers = Files.createDirectories(directory.resolve("leftovers"));
    Path leftover = Files.write(leftovers.resolve("document-123.spool"), random(10));
    Path other = Files.write(leftovers.resolve("notes.txt"), random(10));

    try (SpoolDirectory opened = SpoolDirectory.open(leftovers)) {
      assertTrue(Files.notExists(leftover), leftover + " exists");
      assertTrue(Files.exists(other), other + " was deleted");
    }
  }

  @Test
  void open_lockedDirectory_keepsFiles() throws IOException {
    Path inUse = spool.newFile();

    try (SpoolDirectory second = SpoolDirectory.open(directory.resolve("spool"))) {
      assertTrue(Files.exists(inUse), inUse + " was deleted");
    }
  }

  private List<Path> spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(spool.path())) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(SpoolDirectory.SUFFIX))
          .toList();
    }
  }

  private static BodyLimits limitsFor(String partnerId, Optional<Partner> partner) {
    return BodyLimits.forPartner(
        partnerId, partner, MAX_BYTES, MAX_IN_MEMORY_BYTES, THRESHOLD_BYTES);
  }

  private static Optional<Partner> partner(PartnerFiles.Contents contents, String id) {
    return contents.partners().stream().filter(partner -> partner.id().equals(id)).findFirst();
  }

  private static InputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  /** An endless or bounded body, like a chunked request, that counts the bytes read from it. */
  private static final class CountingStream extends InputStream {

    private final long length;
    long read;

    CountingStream(long length) {
      this.length = length;
    }

    @Override
    public int read() {
      if (read >= length) {
        return -1;
      }
      read++;
      return 'x';
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
      if (read >= length) {
        return -1;
      }
      int n = (int) Math.min(count, length - read);
      Arrays.fill(buffer, offset, offset + n, (byte) 'x');
      read += n;
      return n;
    }
  }
}
