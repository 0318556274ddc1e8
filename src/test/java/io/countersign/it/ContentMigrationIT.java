package io.countersign.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Random;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The migration of document content into chunks (schema version 8), on the database of the test
 * run: H2 in the first run of the integration tests, PostgreSQL in the second. Documents stored at
 * version 7 keep their exact bytes, in chunk 0, and the old column is gone.
 */
class ContentMigrationIT {

  @Test
  void contentMigration_movesBytesIntoChunkZero() throws Exception {
    String url = freshDatabase();
    byte[] large = new byte[3 * 1024 * 1024 + 5];
    new Random(8).nextBytes(large);
    byte[] small = "<Invoice/>".getBytes(StandardCharsets.UTF_8);

    migrate(url, "7");
    try (Connection connection = connect(url)) {
      insertVersion7Document(connection, "large", large);
      insertVersion7Document(connection, "small", small);
    }
    migrate(url, null);

    try (Connection connection = connect(url)) {
      assertArrayEquals(large, chunk(connection, "large", 0));
      assertArrayEquals(small, chunk(connection, "small", 0));
      assertEquals(2, count(connection, "SELECT count(*) FROM document_content"));
      assertEquals(2, count(connection, "SELECT count(*) FROM document"));
      assertThrows(
          SQLException.class,
          () -> count(connection, "SELECT count(content) FROM document"),
          "the content column is dropped");
    }
  }

  /**
   * Returns the JDBC URL of an empty database of this test's own: a new H2 file, or a new
   * PostgreSQL schema beside the one of the test run.
   */
  private static String freshDatabase() throws SQLException {
    String runUrl = System.getProperty("countersign.datasource.url");
    if (runUrl.startsWith("jdbc:h2:")) {
      return "jdbc:h2:file:"
          + IntegrationEnvironment.workDirectory()
              .resolve("content-migration-" + UUID.randomUUID())
              .resolve("countersign")
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }
    String schema = IntegrationEnvironment.postgresqlSchema("content_migration");
    String url = runUrl.replaceFirst("currentSchema=[^&]*", "currentSchema=" + schema);
    try (Connection connection = connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      statement.execute("CREATE SCHEMA " + schema);
    }
    return url;
  }

  /** Migrates to {@code version}, or to the latest version when it is null. */
  private static void migrate(String url, String version) {
    var configuration =
        Flyway.configure().dataSource(url, user(), "").locations("classpath:db/migration");
    if (version != null) {
      configuration.target(version);
    }
    configuration.load().migrate();
  }

  /** Inserts a document as the server stored it at schema version 7, with its bytes in a column. */
  private static void insertVersion7Document(Connection connection, String id, byte[] content)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO document (id, partner_id, received_at, content_type, size_bytes, sha256,"
                + " content, signature_format, signature_algorithm, signature_value_sha256,"
                + " client_source, receipt, receipt_signature)"
                + " VALUES (?, 'acme', ?, 'application/xml', ?, ?, ?, 'xmldsig-enveloped',"
                + " 'rsa-sha256', ?, 'tls', ?, 'jws')")) {
      insert.setString(1, id);
      insert.setObject(2, OffsetDateTime.now());
      insert.setLong(3, content.length);
      insert.setString(4, "0".repeat(64));
      insert.setBytes(5, content);
      insert.setString(6, UUID.randomUUID().toString());
      insert.setBytes(7, "{}".getBytes(StandardCharsets.UTF_8));
      insert.executeUpdate();
    }
  }

  private static byte[] chunk(Connection connection, String documentId, int index)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT bytes FROM document_content WHERE document_id = ? AND chunk_index = ?")) {
      query.setString(1, documentId);
      query.setInt(2, index);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getBytes(1) : null;
      }
    }
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, user(), "");
  }

  private static String user() {
    return System.getProperty("countersign.datasource.user");
  }
}
