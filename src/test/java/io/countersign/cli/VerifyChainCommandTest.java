package io.countersign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.evidence.CheckpointStatement;
import io.countersign.evidence.EvidenceChain;
import io.countersign.evidence.TestTimeStampAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyChainCommandTest {

  private static TestPki pki;
  private static TestPki otherPki;
  private static TestTimeStampAuthority tsa;

  @TempDir Path directory;
  private TestChainDatabase database;

  @BeforeAll
  static void createPki() throws Exception {
    pki = new TestPki("Countersign Test");
    otherPki = new TestPki("Other");
    tsa = TestTimeStampAuthority.start(0);
  }

  @AfterAll
  static void stopTsa() {
    tsa.close();
  }

  /**
   * Fills a database with one document from before the chain, then three chained documents with
   * a time-stamped checkpoint at sequence 2 and a plain one at sequence 3.
   */
  @BeforeEach
  void fillDatabase() throws Exception {
    database = new TestChainDatabase(directory, "5");
    database.insertUnchainedDocument("before-chain");
    database.migrate(null);

    database.appendDocument("document-1");
    database.appendDocument("document-2");
    database.checkpoint(pki.receiptSigner, pki.ca, null);
    timeStampLatestCheckpoint();
    database.appendDocument("document-3");
    database.checkpoint(pki.receiptSigner, pki.ca, null);
  }

  @AfterEach
  void closeDatabase() throws Exception {
    database.close();
  }

  @Test
  void verifyChain_intactChain_reportsOk() {
    CommandRun run = verifyChain();

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().startsWith("OK: 3 documents, 2 checkpoints"), run.describe());
    assertTrue(run.out().contains("time-stamped: 1 of 2 checkpoints"), run.describe());
    assertTrue(run.out().contains("outside the chain: 1 documents"), run.describe());
    assertTrue(run.out().contains("not checked against a CA"), run.describe());
  }

  @Test
  void verifyChain_trustedCa_reportsValidChain() throws Exception {
    CommandRun run = verifyChain("--ca", pki.writeCa(directory).toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().contains("chain valid to"), run.describe());
  }

  @Test
  void verifyChain_otherCa_rejectsCheckpoint() throws Exception {
    Path otherCa = Files.createDirectories(directory.resolve("other"));

    CommandRun run = verifyChain("--ca", otherPki.writeCa(otherCa).toString());

    assertEquals(1, run.exitCode(), run.describe());
    assertTrue(run.err().contains("CERTIFICATE_CHAIN_UNTRUSTED"), run.describe());
  }

  @Test
  void verifyChain_changedReceipt_namesBrokenLink() throws Exception {
    database.execute("UPDATE document SET receipt = X'7B7D' WHERE id = 'document-2'");

    CommandRun run = verifyChain();

    assertEquals(1, run.exitCode(), run.describe());
    assertTrue(run.err().contains("record hash mismatch at sequence 2"), run.describe());
    assertTrue(run.err().contains("document-2"), run.describe());
    String expected = EvidenceChain.recordHash(hashAt(1), "{}".getBytes(StandardCharsets.UTF_8));
    assertTrue(run.err().contains("expected " + expected), run.describe());
  }

  @Test
  void verifyChain_rewrittenChain_failsAtCheckpoint() throws Exception {
    byte[] forged = "{\"documentId\":\"document-2\",\"forged\":true}".getBytes(StandardCharsets.UTF_8);
    String second = EvidenceChain.recordHash(hashAt(1), forged);
    String third = EvidenceChain.recordHash(second, receiptOf("document-3"));
    updateDocument("document-2", forged, hashAt(1), second);
    updateDocument("document-3", receiptOf("document-3"), second, third);
    database.execute("UPDATE evidence_chain_head SET head_hash = '" + third + "'");

    CommandRun run = verifyChain();

    assertEquals(1, run.exitCode(), run.describe());
    assertTrue(run.err().contains("Checkpoint at sequence 2"), run.describe());
    assertTrue(run.err().contains("expected head hash " + second), run.describe());
  }

  @Test
  void verifyChain_lastDocumentDeleted_failsAtCheckpoint() throws Exception {
    database.deleteDocument("document-3");

    CommandRun run = verifyChain();

    assertEquals(1, run.exitCode(), run.describe());
    assertTrue(run.err().contains("beyond the last document (sequence 2)"), run.describe());
  }

  @Test
  void verifyChain_uncheckpointedTailDeleted_failsAtHead() throws Exception {
    database.appendDocument("document-4");
    database.deleteDocument("document-4");

    CommandRun run = verifyChain();

    assertEquals(1, run.exitCode(), run.describe());
    assertTrue(run.err().contains("chain head names sequence 4"), run.describe());
  }

  @Test
  void verifyChain_changedStatement_rejectsSignature() throws Exception {
    CheckpointStatement parsed = CheckpointStatement.parse(statementAt(3));
    byte[] later =
        new CheckpointStatement(3, parsed.headHash(), parsed.createdAt().plusSeconds(1)).toBytes();
    try (Connection connection = database.connect();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE evidence_checkpoint"
                    + " SET statement = ?, created_at = created_at + INTERVAL '1' SECOND"
                    + " WHERE sequence = 3")) {
      update.setBytes(1, later);
      update.executeUpdate();
    }

    CommandRun run = verifyChain();

    assertEquals(1, run.exitCode(), run.describe());
    assertTrue(run.err().contains("SIGNATURE_INVALID"), run.describe());
  }

  @Test
  void verifyChain_forgedTimeStamp_rejectsCheckpoint() throws Exception {
    byte[] otherToken = tsa.token(TestChainDatabase.sha256("other".getBytes(StandardCharsets.UTF_8)));
    try (Connection connection = database.connect();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE evidence_checkpoint SET timestamp_token = ? WHERE sequence = 3")) {
      update.setBytes(1, otherToken);
      update.executeUpdate();
    }

    CommandRun run = verifyChain();

    assertEquals(1, run.exitCode(), run.describe());
    assertTrue(run.err().contains("TIME_STAMP_INVALID"), run.describe());
    assertTrue(run.err().contains("IMPRINT_MISMATCH"), run.describe());
  }

  @Test
  void verifyChain_missingDatabase_failsWithoutCreatingIt() {
    Path missing = directory.resolve("missing");

    CommandRun run =
        CommandRun.run("verify-chain", "--jdbc-url", "jdbc:h2:file:" + missing.toAbsolutePath());

    assertEquals(1, run.exitCode(), run.describe());
    assertFalse(Files.exists(directory.resolve("missing.mv.db")), run.describe());
  }

  private CommandRun verifyChain(String... options) {
    String[] arguments = new String[options.length + 3];
    arguments[0] = "verify-chain";
    arguments[1] = "--jdbc-url";
    arguments[2] = database.url();
    System.arraycopy(options, 0, arguments, 3, options.length);
    return CommandRun.run(arguments);
  }

  private void timeStampLatestCheckpoint() throws Exception {
    byte[] token = tsa.token(TestChainDatabase.sha256(statementAt(2)));
    try (Connection connection = database.connect();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE evidence_checkpoint SET timestamp_token = ? WHERE sequence = 2")) {
      update.setBytes(1, token);
      update.executeUpdate();
    }
  }

  private byte[] statementAt(long sequence) throws Exception {
    return (byte[]) query("SELECT statement FROM evidence_checkpoint WHERE sequence = " + sequence);
  }

  private String hashAt(long sequence) throws Exception {
    return (String) query("SELECT record_hash FROM document WHERE chain_sequence = " + sequence);
  }

  private byte[] receiptOf(String documentId) throws Exception {
    return (byte[]) query("SELECT receipt FROM document WHERE id = '" + documentId + "'");
  }

  private Object query(String sql) throws Exception {
    try (Connection connection = database.connect();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      assertTrue(row.next(), sql);
      return row.getObject(1);
    }
  }

  private void updateDocument(String documentId, byte[] receipt, String previous, String hash)
      throws Exception {
    try (Connection connection = database.connect();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE document SET receipt = ?, previous_hash = ?, record_hash = ? WHERE id = ?")) {
      update.setBytes(1, receipt);
      update.setString(2, previous);
      update.setString(3, hash);
      update.setString(4, documentId);
      update.executeUpdate();
    }
  }
}
