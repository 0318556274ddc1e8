package io.countersign.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.cli.ReceiptVerifier;
import io.countersign.pki.PemFiles;
import io.countersign.signature.xml.StreamingXmlSigner;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A signed invoice several times larger than the server's heap is accepted, stored byte for byte
 * and gets a receipt that verifies. The test and curl stream the document from and to disk, so
 * only the server could run out of memory. The server runs on PostgreSQL in a schema that the test
 * empties first and drops afterwards.
 *
 * <p>{@code -Dit.huge.bytes} sets the requested size of the unsigned invoice (1 GiB by default),
 * and {@code -Dit.huge.layout} the {@link LargeInvoices.Layout} ({@code chunked} or {@code
 * single-text-node}). The test prints the time of each phase and the server's peak heap use.
 */
class HugeDocumentIT {

  private static final String XML = "application/xml";
  private static final long MIB = 1024 * 1024;

  private final long documentBytes = Long.parseLong(property("countersign.huge.bytes"));
  private final LargeInvoices.Layout layout = LargeInvoices.Layout.named(property("countersign.huge.layout"));
  private final String schema = property("countersign.huge.schema");
  private final Path directory = IntegrationEnvironment.workDirectory().resolve("huge-document");
  private final Path gcLog = directory.resolve("server-gc.log");

  @AfterEach
  void deleteDocumentsAndSchema() throws Exception {
    if (Files.exists(directory)) {
      report("server heap: " + heapPeak());
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    // The stored copy takes as much space as the document.
    executeSql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  @Test
  void documentLargerThanHeap_isStoredAndReceipted() throws Exception {
    Files.createDirectories(directory);
    requireFreeSpace();
    executeSql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    executeSql("CREATE SCHEMA " + schema);
    Path signed = directory.resolve("invoice-signed.xml");

    generateAndSign(signed);
    long signedBytes = Files.size(signed);
    String signedSha256 = ReceiptVerifier.sha256Hex(signed);
    report(
        String.format(
            Locale.ROOT,
            "%d bytes signed (%s layout), %.1f times the server heap of %d MiB",
            signedBytes,
            property("countersign.huge.layout"),
            (double) signedBytes / (ServerProcess.MAX_HEAP_MIB * MIB),
            ServerProcess.MAX_HEAP_MIB));

    try (ServerProcess server = startServer(signedBytes)) {
      // The log is appended to across runs, so only the part after this offset is this run's.
      long logOffset = Files.exists(server.log()) ? Files.size(server.log()) : 0;
      server.start();
      Curl acme = Curl.asPartner("acme").via(server.port());

      long start = System.nanoTime();
      Curl.Response created = acme.postFile("/api/documents", XML, signed, transferTimeout(signedBytes));
      reportPhase("upload until receipt", start, signedBytes);

      assertEquals(
          201,
          created.status(),
          () -> created.text() + "\n" + describeOutOfMemoryErrors(server.log(), logOffset));
      JsonObject receipt = Json.createReader(new StringReader(created.text())).readObject();
      assertEquals("acme", receipt.getString("partner"));
      assertEquals("xmldsig-enveloped", receipt.getJsonObject("signature").getString("format"));
      assertEquals(signedBytes, receipt.getJsonNumber("size").longValueExact());
      assertEquals(signedSha256, receipt.getString("sha256"));
      assertReceiptVerifies(created, signed);

      Path content = directory.resolve("content.xml");
      start = System.nanoTime();
      Curl.Response read =
          acme.download("/api/documents/" + receipt.getString("documentId") + "/content", content, transferTimeout(signedBytes));
      reportPhase("read back", start, signedBytes);

      assertEquals(200, read.status(), () -> "GET content: " + read.status());
      assertEquals(signedBytes, Files.size(content));
      assertEquals(signedSha256, ReceiptVerifier.sha256Hex(content));
      assertEquals(-1, Files.mismatch(signed, content), "first differing byte of the stored content");
      Files.delete(content);

      start = System.nanoTime();
      Curl.Response duplicate = acme.postFile("/api/documents", XML, signed, transferTimeout(signedBytes));
      reportPhase("duplicate upload", start, signedBytes);

      assertEquals(200, duplicate.status(), duplicate.text());
      assertArrayEquals(created.body(), duplicate.body());
      assertEquals(created.header("x-jws-signature"), duplicate.header("x-jws-signature"));
      assertEquals(List.of(), outOfMemoryErrors(server.log(), logOffset), "server log " + server.log());
    }
  }

  /** Generates the unsigned invoice, signs it into {@code signed} and deletes it. */
  private void generateAndSign(Path signed) throws Exception {
    Path unsigned = directory.resolve("invoice.xml");
    long start = System.nanoTime();
    new LargeInvoices(IntegrationEnvironment.ublInvoice()).write(unsigned, documentBytes, layout, start);
    reportPhase("generate", start, documentBytes);

    IntegrationEnvironment.PartnerKeys keys = IntegrationEnvironment.partner("acme");
    StreamingXmlSigner signer =
        new StreamingXmlSigner(
            PemFiles.readPrivateKey(keys.signingKey()), PemFiles.readCertificate(keys.signingCertificate()));
    start = System.nanoTime();
    signer.sign(unsigned, signed);
    reportPhase("sign", start, documentBytes);

    Files.delete(unsigned);
  }

  /**
   * Starts a server on PostgreSQL whose limits admit the document: the partner file's {@code
   * maxDocumentBytes}, and a server-wide {@code countersign.document.max-bytes} of the same value.
   */
  private ServerProcess startServer(long signedBytes) throws Exception {
    Path partners = Path.of(property("countersign.partners.dir")).resolveSibling("huge-partners");
    long partnerLimit = partnerMaxDocumentBytes(partners.resolve("acme.json"));
    assertTrue(
        signedBytes <= partnerLimit,
        "the signed document has " + signedBytes + " bytes, more than maxDocumentBytes " + partnerLimit
            + " in " + partners.resolve("acme.json"));

    int base = Integer.parseInt(property("countersign.https.port"));
    Map<String, String> properties =
        Map.of(
            "countersign.datasource.class", "org.postgresql.ds.PGSimpleDataSource",
            "countersign.datasource.url", postgresqlUrl() + "?currentSchema=" + schema,
            "countersign.datasource.user", property("countersign.postgresql.user"),
            "countersign.partners.dir", partners.toString(),
            "countersign.document.max-bytes", String.valueOf(partnerLimit),
            // Whatever the server writes to temporary files stays in target/.
            "java.io.tmpdir", property("java.io.tmpdir"));
    return new ServerProcess(base + 15, properties, List.of("-Xlog:gc:file=" + gcLog));
  }

  private static long partnerMaxDocumentBytes(Path partnerFile) throws IOException {
    try (Reader reader = Files.newBufferedReader(partnerFile)) {
      return Json.createReader(reader).readObject().getJsonNumber("maxDocumentBytes").longValueExact();
    }
  }

  /** Checks the receipt's JWS with the command-line tool, against the file that was sent. */
  private void assertReceiptVerifies(Curl.Response created, Path document) throws Exception {
    Path receipt = Files.write(directory.resolve("receipt.json"), created.body());
    Files.writeString(directory.resolve("receipt.json.jws"), created.header("x-jws-signature"), StandardCharsets.US_ASCII);
    long start = System.nanoTime();
    String output =
        CommandLineTool.run(
            "verify-receipt",
            "--receipt",
            receipt.toString(),
            "--ca",
            IntegrationEnvironment.caCertificate().toString(),
            "--document",
            document.toString());
    assertTrue(output.contains("matches sha256"), output);
    reportPhase("verify-receipt", start, Files.size(document));
  }

  /**
   * Requires room for the document about five times over: the unsigned and the signed file while
   * signing, then the server's copy, the database's copy with its write-ahead log, and the copy
   * read back. PostgreSQL is assumed to be on the same file system.
   */
  private void requireFreeSpace() throws IOException {
    long usable = Files.getFileStore(directory).getUsableSpace();
    long needed = 5 * documentBytes + 1024 * MIB;
    assertTrue(
        usable >= needed,
        "a document of " + documentBytes + " bytes needs about " + needed / MIB + " MiB free in "
            + directory + ", but only " + usable / MIB + " MiB are free; lower -Dit.huge.bytes");
  }

  /** Allows a minute plus a second per 2 MiB, so that a stalled transfer fails instead of hanging. */
  private static Duration transferTimeout(long bytes) {
    return Duration.ofSeconds(60 + bytes / (2 * MIB));
  }

  /** Describes the OutOfMemoryError lines of the log, for a failure message. */
  private static String describeOutOfMemoryErrors(Path log, long offset) {
    try {
      return "OutOfMemoryError lines in " + log + ": " + outOfMemoryErrors(log, offset);
    } catch (IOException e) {
      return "The server log " + log + " could not be read: " + e;
    }
  }

  private static List<String> outOfMemoryErrors(Path log, long offset) throws IOException {
    List<String> errors = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(log)) {
      channel.position(offset);
      // ISO-8859-1 decodes any byte, so a stray byte in the log cannot fail the scan.
      BufferedReader reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.ISO_8859_1));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.contains("OutOfMemoryError")) {
          errors.add(line);
        }
      }
    }
    return errors;
  }

  private static final Pattern GC_HEAP =
      Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /**
   * Returns the largest heap use after an evacuating or full collection in the server's GC log
   * (what stayed live), and the largest before one with the heap size. The use before a collection
   * shows only that G1 lets the heap fill up before it collects. Remark and cleanup pauses free
   * nothing, so they do not count as after a collection.
   */
  private String heapPeak() throws IOException {
    if (!Files.exists(gcLog)) {
      return "unknown (no GC log at " + gcLog + ")";
    }
    long before = -1;
    long after = -1;
    long committed = 0;
    try (Stream<String> lines = Files.lines(gcLog, StandardCharsets.ISO_8859_1)) {
      for (String line : (Iterable<String>) lines::iterator) {
        Matcher matcher = GC_HEAP.matcher(line);
        if (matcher.find()) {
          before = Math.max(before, bytes(matcher.group(1), matcher.group(2)));
          if (line.contains("Pause Young") || line.contains("Pause Full")) {
            after = Math.max(after, bytes(matcher.group(3), matcher.group(4)));
          }
          committed = Math.max(committed, bytes(matcher.group(5), matcher.group(6)));
        }
      }
    }
    return before < 0
        ? "unknown (no collection in " + gcLog + ")"
        : after / MIB
            + " MiB live after a collection at most; "
            + before / MIB
            + " MiB used before one, of "
            + committed / MIB
            + " MiB committed";
  }

  private static long bytes(String value, String unit) {
    long multiplier = switch (unit) {
      case "K" -> 1024;
      case "M" -> MIB;
      default -> 1024 * MIB;
    };
    return Long.parseLong(value) * multiplier;
  }

  /** Prints the duration of a phase and its throughput over {@code bytes}, for the benchmark records. */
  private static void reportPhase(String phase, long startNanos, long bytes) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    report(
        String.format(
            Locale.ROOT, "%-21s %7.1f s  %6.1f MiB/s", phase + ":", seconds, bytes / (double) MIB / seconds));
  }

  private static void report(String line) {
    System.out.println("HugeDocumentIT: " + line);
  }

  private static String postgresqlUrl() {
    return property("countersign.postgresql.url");
  }

  private static void executeSql(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(postgresqlUrl(), property("countersign.postgresql.user"), "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property " + name + " is not set; run the integration tests through Maven (mvn verify)");
    }
    return value;
  }
}
