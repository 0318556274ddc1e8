package io.countersign.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.evidence.EvidenceChain;
import jakarta.json.Json;
import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The evidence chain end to end: documents posted with curl are appended to the chain, the server
 * writes checkpoints time-stamped by the test TSA, and the command-line tool verifies the chain in
 * the running server's database.
 *
 * <p>The integration tests open their H2 database with AUTO_SERVER, so the server's H2 also serves
 * it over TCP on 127.0.0.1 and this test and the tool can read it while the server runs.
 */
@ExtendWith({TimeStampAuthorityExtension.class, ArquillianExtension.class})
@RunAsClient
class EvidenceChainIT {

  private static final String XML = "application/xml";

  private static final int CONCURRENT_DOCUMENTS = 8;

  /** The server's database user, as Failsafe passes it: H2's default, or PostgreSQL's. */
  private static final String DATABASE_USER = System.getProperty("countersign.datasource.user");

  /**
   * The default password of the embedded database, from microprofile-config.properties; the test
   * PostgreSQL uses trust authentication and ignores it.
   */
  private static final String DATABASE_PASSWORD = "countersign";

  @Deployment(testable = false)
  static WebArchive deployment() {
    File war = IntegrationEnvironment.war().toFile();
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }

  /** A chain link as stored in the document table. */
  private record StoredLink(long sequence, String previousHash, String recordHash, byte[] receipt) {}

  @Test
  void sequentialDocuments_formConsecutiveLinks() throws Exception {
    List<StoredLink> links = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Curl.Response response = post("sequential " + i);
      assertEquals(201, response.status(), response.text());
      links.add(storedLink(documentId(response)));
      assertArrayEquals(response.body(), links.getLast().receipt());
    }

    for (int i = 0; i < links.size(); i++) {
      StoredLink link = links.get(i);
      assertEquals(EvidenceChain.recordHash(link.previousHash(), link.receipt()), link.recordHash());
      if (i > 0) {
        assertEquals(links.get(i - 1).sequence() + 1, link.sequence());
        assertEquals(links.get(i - 1).recordHash(), link.previousHash());
      }
    }
  }

  @Test
  void duplicateDocument_consumesNoSequence() throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(invoice("duplicate"));

    Curl.Response first = Curl.asPartner("acme").post("/api/documents", XML, signed);
    long headAfterFirst = headSequence();
    Curl.Response second = Curl.asPartner("acme").post("/api/documents", XML, signed);

    assertEquals(201, first.status(), first.text());
    assertEquals(200, second.status(), second.text());
    assertEquals(headAfterFirst, headSequence());
    assertEquals(headAfterFirst, storedLink(documentId(first)).sequence());
  }

  @Test
  void concurrentDocuments_chainAndCheckpointVerify() throws Exception {
    postConcurrently();
    long head = headSequence();
    awaitCheckpoint(head);

    String output = CommandLineTool.run(
            "verify-chain",
            "--jdbc-url",
            jdbcUrl(),
            "--user",
            DATABASE_USER,
            "--password",
            DATABASE_PASSWORD,
            "--ca",
            IntegrationEnvironment.caCertificate().toString());

    assertTrue(output.startsWith("OK: "), output);
    assertTrue(output.contains("head: sequence " + head + ","), output);
    assertTrue(latestCheckpointIsTimeStamped(), "the checkpoint at sequence " + head + " has no token");
    assertTrue(TimeStampAuthorityExtension.tsa().requests() > 0, "the TSA got no request");
  }

  private void postConcurrently() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(CONCURRENT_DOCUMENTS);
    try {
      List<Future<Curl.Response>> responses = new ArrayList<>();
      for (int i = 0; i < CONCURRENT_DOCUMENTS; i++) {
        String note = "concurrent " + i;
        responses.add(executor.submit(() -> post(note)));
      }
      for (Future<Curl.Response> response : responses) {
        Curl.Response done = response.get(120, TimeUnit.SECONDS);
        assertEquals(201, done.status(), done.text());
      }
    } finally {
      executor.shutdownNow();
    }
  }

  /** Waits until the server wrote a checkpoint at {@code sequence}; it writes one every second. */
  private static void awaitCheckpoint(long sequence) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (latestCheckpointSequence() < sequence) {
      assertTrue(System.nanoTime() < deadline, "no checkpoint at sequence " + sequence + " in 30 s");
      Thread.sleep(200);
    }
  }

  private static Curl.Response post(String note) throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(invoice(note));
    return Curl.asPartner("acme").post("/api/documents", XML, signed);
  }

  private static byte[] invoice(String note) throws Exception {
    String xml = Files.readString(IntegrationEnvironment.ublInvoice(), StandardCharsets.UTF_8);
    String unique = note + " " + System.nanoTime();
    return xml.replace("Ordered in our booth at the convention.", unique).getBytes(StandardCharsets.UTF_8);
  }

  private static String documentId(Curl.Response response) {
    return Json.createReader(new StringReader(response.text())).readObject().getString("documentId");
  }

  private static StoredLink storedLink(String documentId) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT chain_sequence, previous_hash, record_hash, receipt FROM document WHERE id = ?")) {
      query.setString(1, documentId);
      try (ResultSet row = query.executeQuery()) {
        assertTrue(row.next(), "document " + documentId + " is not stored");
        long sequence = row.getLong(1);
        assertTrue(sequence > 0, "document " + documentId + " has no chain sequence");
        return new StoredLink(sequence, row.getString(2), row.getString(3), row.getBytes(4));
      }
    }
  }

  private static long headSequence() throws SQLException {
    return queryLong("SELECT sequence FROM evidence_chain_head WHERE id = 1");
  }

  private static long latestCheckpointSequence() throws SQLException {
    return queryLong("SELECT COALESCE(MAX(sequence), 0) FROM evidence_checkpoint");
  }

  private static boolean latestCheckpointIsTimeStamped() throws SQLException {
    String latest =
        "SELECT timestamp_token FROM evidence_checkpoint"
            + " WHERE sequence = (SELECT MAX(sequence) FROM evidence_checkpoint)";
    try (Connection connection = connect();
        ResultSet row = connection.createStatement().executeQuery(latest)) {
      assertTrue(row.next(), "no checkpoint");
      return row.getBytes(1) != null;
    }
  }

  private static long queryLong(String sql) throws SQLException {
    try (Connection connection = connect();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      assertTrue(row.next(), sql);
      return row.getLong(1);
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), DATABASE_USER, DATABASE_PASSWORD);
  }

  private static String jdbcUrl() {
    String url = System.getProperty("countersign.datasource.url");
    assertNotNull(url, "countersign.datasource.url is not set; run the tests through Maven");
    return url;
  }
}
