package io.countersign.cli;

import io.countersign.evidence.CheckpointStatement;
import io.countersign.evidence.EvidenceChain;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * An H2 file database with the server's schema, filled over JDBC the way the server fills it:
 * documents appended to the evidence chain and checkpoints signed like receipts.
 */
final class TestChainDatabase implements AutoCloseable {

  static final String USER = "countersign";

  private final String url;
  /** The schema version from which document content is in document_content, not in document. */
  private static final int CHUNKED_CONTENT_VERSION = 8;

  private String headHash = EvidenceChain.GENESIS_HASH;
  private boolean contentInChunks;
  private long sequence;

  /** Keeps the database open between the short connections, which H2 would otherwise close. */
  private final Connection open;

  /** Creates the database in {@code directory}, migrated to schema version {@code version}. */
  TestChainDatabase(Path directory, String version) {
    url =
        "jdbc:h2:file:"
            + directory.resolve("countersign").toAbsolutePath()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    migrate(version);
    try {
      open = connect();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open the test database " + url, e);
    }
  }

  @Override
  public void close() throws SQLException {
    open.close();
  }

  String url() {
    return url;
  }

  /** Brings the schema to {@code version}, or to the latest version when it is null. */
  void migrate(String version) {
    var configuration =
        Flyway.configure().dataSource(url, USER, "").locations("classpath:db/migration");
    if (version != null) {
      configuration.target(version);
    }
    configuration.load().migrate();
    contentInChunks = version == null || Integer.parseInt(version) >= CHUNKED_CONTENT_VERSION;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, USER, "");
  }

  /** Inserts a document without chain columns, as the server did before the chain existed. */
  void insertUnchainedDocument(String documentId) throws Exception {
    insertDocument(documentId, receipt(documentId), null, null, null);
  }

  /** Appends a document to the chain and advances the chain head; returns its record hash. */
  String appendDocument(String documentId) throws Exception {
    byte[] receipt = receipt(documentId);
    String recordHash = EvidenceChain.recordHash(headHash, receipt);
    sequence++;
    insertDocument(documentId, receipt, sequence, headHash, recordHash);
    headHash = recordHash;
    execute(
        "UPDATE evidence_chain_head SET sequence = " + sequence + ", head_hash = '" + headHash + "'");
    return recordHash;
  }

  /** Inserts a checkpoint of the current head, signed by {@code signer}, optionally time-stamped. */
  void checkpoint(IssuedCertificate signer, IssuedCertificate ca, byte[] timeStampToken)
      throws Exception {
    Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    CheckpointStatement statement = new CheckpointStatement(sequence, headHash, createdAt);
    byte[] bytes = statement.toBytes();
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO evidence_checkpoint"
                    + " (sequence, head_hash, created_at, statement, signature, timestamp_token)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, sequence);
      insert.setString(2, headHash);
      insert.setObject(3, createdAt.atOffset(ZoneOffset.UTC));
      insert.setBytes(4, bytes);
      insert.setString(5, TestReceipts.signEs256(bytes, signer, ca));
      insert.setBytes(6, timeStampToken);
      insert.executeUpdate();
    }
  }

  static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  /** Deletes a document with its content, as someone with write access to the database could. */
  void deleteDocument(String documentId) throws SQLException {
    execute("DELETE FROM document_content WHERE document_id = '" + documentId + "'");
    execute("DELETE FROM document WHERE id = '" + documentId + "'");
  }

  void execute(String sql) throws SQLException {
    try (Connection connection = connect()) {
      connection.createStatement().executeUpdate(sql);
    }
  }

  static byte[] receipt(String documentId) {
    return TestReceipts.receipt(documentId, documentId.getBytes(StandardCharsets.UTF_8));
  }

  private void insertDocument(
      String documentId, byte[] receipt, Long chainSequence, String previous, String hash)
      throws Exception {
    byte[] content = documentId.getBytes(StandardCharsets.UTF_8);
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO document (id, partner_id, received_at, content_type, size_bytes,"
                    + " sha256, signature_format, signature_algorithm,"
                    + " signature_value_sha256, client_source, receipt, receipt_signature"
                    + (contentInChunks ? "" : ", content")
                    + (chainSequence == null ? "" : ", chain_sequence, previous_hash, record_hash")
                    + ") VALUES (?, 'acme', CURRENT_TIMESTAMP, 'application/xml', ?, ?,"
                    + " 'xmldsig-enveloped', 'rsa-sha256', ?, 'tls', ?, 'jws'"
                    + (contentInChunks ? "" : ", ?")
                    + (chainSequence == null ? "" : ", ?, ?, ?")
                    + ")")) {
      int parameter = 1;
      insert.setString(parameter++, documentId);
      insert.setLong(parameter++, content.length);
      insert.setString(parameter++, HexFormat.of().formatHex(sha256(content)));
      insert.setString(parameter++, UUID.randomUUID().toString());
      insert.setBytes(parameter++, receipt);
      if (!contentInChunks) {
        insert.setBytes(parameter++, content);
      }
      if (chainSequence != null) {
        insert.setLong(parameter++, chainSequence);
        insert.setString(parameter++, previous);
        insert.setString(parameter, hash);
      }
      insert.executeUpdate();
    }
    if (contentInChunks) {
      insertChunk(documentId, 0, content);
    }
  }

  /** Inserts one chunk of a document's content, as the server does from schema version 8. */
  private void insertChunk(String documentId, int index, byte[] bytes) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO document_content (document_id, chunk_index, bytes) VALUES (?, ?, ?)")) {
      insert.setString(1, documentId);
      insert.setInt(2, index);
      insert.setBytes(3, bytes);
      insert.executeUpdate();
    }
  }
}
