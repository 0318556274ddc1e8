package io.countersign.evidence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Reads a document's place in the evidence hash chain and the signed checkpoint that covers it,
 * for evidence bundles.
 *
 * <p>The chain columns of {@code document} ({@code chain_sequence}, {@code previous_hash}, {@code
 * record_hash}) and the table {@code evidence_checkpoint} come from a separate migration. Until a
 * database has them, every method returns empty, so bundles simply leave the chain out. Whether
 * they exist is checked once, by the columns that a query returns, because the schema changes only
 * when Flyway migrates at start-up.
 *
 * <p>NOTE: this reads the chain with plain JDBC so that it works with and without those columns.
 * Once {@link DocumentRecord} maps them, the chain link can come from the entity instead.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class ChainEvidence {

  private static final Logger LOG = Logger.getLogger(ChainEvidence.class.getName());

  /**
   * A document's record in the hash chain: recordHash = hex(SHA-256(UTF-8(previousHash) || 0x0A ||
   * receipt bytes)).
   */
  public record ChainLink(long sequence, String previousHash, String recordHash) {}

  /**
   * A signed statement of the chain's head.
   *
   * @param statement the exact JSON bytes {@code {"sequence":N,"headHash":"…","createdAt":"…"}}
   * @param signature the detached JWS over {@code statement}
   * @param timestampToken the RFC 3161 time-stamp of the statement, or {@code null} without one
   */
  public record Checkpoint(
      long sequence, String headHash, byte[] statement, String signature, byte[] timestampToken) {}

  @Resource(lookup = DatabaseMigration.DATA_SOURCE)
  DataSource dataSource;

  private volatile Boolean chainAvailable;

  /** Returns the document's chain record, or empty if it has none or the schema lacks the chain. */
  public Optional<ChainLink> linkOf(String documentId) {
    if (!isChainAvailable()) {
      return Optional.empty();
    }
    String query =
        "SELECT chain_sequence, previous_hash, record_hash FROM document"
            + " WHERE id = ? AND chain_sequence IS NOT NULL";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, documentId);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new ChainLink(row.getLong(1), row.getString(2), row.getString(3)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading the chain record of " + documentId + " failed", e);
    }
  }

  /** Returns the first checkpoint at or after {@code sequence}, if one was made yet. */
  public Optional<Checkpoint> checkpointFrom(long sequence) {
    if (!isChainAvailable()) {
      return Optional.empty();
    }
    String query =
        "SELECT sequence, head_hash, statement, signature, timestamp_token"
            + " FROM evidence_checkpoint WHERE sequence >= ? ORDER BY sequence LIMIT 1";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setLong(1, sequence);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Checkpoint(
                row.getLong(1),
                row.getString(2),
                row.getBytes(3),
                row.getString(4),
                row.getBytes(5)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading the checkpoint from " + sequence + " failed", e);
    }
  }

  private boolean isChainAvailable() {
    Boolean available = chainAvailable;
    if (available == null) {
      available = hasChainColumns() && hasCheckpointTable();
      chainAvailable = available;
      boolean logged = available;
      LOG.info(
          () ->
              logged
                  ? "Evidence bundles include the hash chain and its checkpoints"
                  : "The schema has no evidence hash chain, so evidence bundles leave it out");
    }
    return available;
  }

  private boolean hasChainColumns() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT * FROM document WHERE 1 = 0");
        ResultSet rows = statement.executeQuery()) {
      ResultSetMetaData columns = rows.getMetaData();
      for (int i = 1; i <= columns.getColumnCount(); i++) {
        if (columns.getColumnName(i).toLowerCase(Locale.ROOT).equals("chain_sequence")) {
          return true;
        }
      }
      return false;
    } catch (SQLException e) {
      throw new IllegalStateException("Reading the columns of table document failed", e);
    }
  }

  /**
   * Returns whether the checkpoint table exists. The bean runs outside any transaction, so the
   * failed query of a missing table aborts none (PostgreSQL aborts a transaction on any error).
   */
  private boolean hasCheckpointTable() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT sequence FROM evidence_checkpoint WHERE 1 = 0")) {
      statement.executeQuery().close();
      return true;
    } catch (SQLException e) {
      LOG.log(Level.FINE, "No evidence_checkpoint table", e);
      return false;
    }
  }
}
