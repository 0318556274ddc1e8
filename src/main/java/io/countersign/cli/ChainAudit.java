package io.countersign.cli;

import io.countersign.evidence.ChainLink;
import io.countersign.evidence.ChainVerification;
import io.countersign.evidence.ChainVerifier;
import io.countersign.evidence.CheckpointVerification;
import io.countersign.evidence.CheckpointVerifier;
import io.countersign.evidence.StoredCheckpoint;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the evidence chain and its checkpoints from the database over JDBC and verifies them in
 * sequence order: every link with {@link ChainVerifier}, every checkpoint with {@link
 * CheckpointVerifier}, each checkpoint's head hash against the verified record hash at its
 * sequence, and the chain head row against the last link.
 *
 * <p>All reads run in one read-only repeatable-read transaction, so a server that appends at the
 * same time does not make the snapshot inconsistent. Rows stream with a fetch size, so the chain
 * need not fit in memory.
 */
final class ChainAudit {

  /** The outcome: every check passed, or the first failure. */
  sealed interface Outcome {}

  /**
   * Every check passed.
   *
   * @param documents the number of chained documents
   * @param headHash the record hash of the last document
   * @param checkpoints the number of checkpoints
   * @param timeStamped how many of them carry a verified time-stamp token
   * @param unchained documents stored before the chain began, which it does not cover
   * @param signers the certificates that signed the checkpoints, in order of first use
   */
  record Verified(
      long documents,
      String headHash,
      long checkpoints,
      long timeStamped,
      long unchained,
      Set<X509Certificate> signers)
      implements Outcome {}

  /** The first failed check, described for an operator. */
  record Broken(String description) implements Outcome {}

  private static final int FETCH_SIZE = 500;

  private static final String DOCUMENTS =
      "SELECT chain_sequence, previous_hash, record_hash, receipt, id FROM document"
          + " WHERE chain_sequence IS NOT NULL ORDER BY chain_sequence";

  private static final String CHECKPOINTS =
      "SELECT sequence, head_hash, created_at, statement, signature, timestamp_token"
          + " FROM evidence_checkpoint ORDER BY sequence";

  private final CheckpointVerifier checkpointVerifier;

  private long checkpoints;
  private long timeStamped;
  private final Set<X509Certificate> signers = new LinkedHashSet<>();

  ChainAudit(CheckpointVerifier checkpointVerifier) {
    this.checkpointVerifier = checkpointVerifier;
  }

  Outcome audit(Connection connection) throws SQLException {
    connection.setReadOnly(true);
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      return auditSnapshot(connection);
    } finally {
      connection.rollback();
    }
  }

  private Outcome auditSnapshot(Connection connection) throws SQLException {
    try (PreparedStatement documents = connection.prepareStatement(DOCUMENTS);
        PreparedStatement checkpointRows = connection.prepareStatement(CHECKPOINTS)) {
      documents.setFetchSize(FETCH_SIZE);
      checkpointRows.setFetchSize(FETCH_SIZE);
      try (ResultSet links = documents.executeQuery();
          ResultSet checkpointSet = checkpointRows.executeQuery()) {
        return auditRows(connection, links, checkpointSet);
      }
    }
  }

  private Outcome auditRows(Connection connection, ResultSet links, ResultSet checkpointSet)
      throws SQLException {
    ChainVerifier chain = new ChainVerifier();
    StoredCheckpoint pending = nextCheckpoint(checkpointSet);

    while (links.next()) {
      ChainLink link = link(links);
      Optional<ChainVerification.Broken> broken = chain.append(link);
      if (broken.isPresent()) {
        return new Broken("Chain broken: " + broken.get().describe());
      }

      while (pending != null && pending.sequence() <= link.sequence()) {
        Optional<Broken> failed = checkCheckpoint(pending, link, chain.result().headHash());
        if (failed.isPresent()) {
          return failed.get();
        }
        pending = nextCheckpoint(checkpointSet);
      }
    }

    ChainVerification.Intact intact = chain.result();
    if (pending != null) {
      return new Broken(
          "Checkpoint at sequence "
              + pending.sequence()
              + " is beyond the last document (sequence "
              + intact.links()
              + "): documents were removed from the end of the chain");
    }
    return checkHead(connection, intact);
  }

  /** Checks a checkpoint at or before the link just verified; it must be exactly at it. */
  private Optional<Broken> checkCheckpoint(
      StoredCheckpoint checkpoint, ChainLink link, String verifiedHash) {
    if (checkpoint.sequence() != link.sequence()) {
      return Optional.of(
          new Broken("Checkpoint at sequence " + checkpoint.sequence() + " names no document"));
    }
    if (!verifiedHash.equals(checkpoint.headHash())) {
      return Optional.of(
          new Broken(
              "Checkpoint at sequence "
                  + checkpoint.sequence()
                  + " (document "
                  + link.documentId()
                  + "): expected head hash "
                  + verifiedHash
                  + ", stored "
                  + checkpoint.headHash()
                  + "; the chain was rewritten after the checkpoint"));
    }

    switch (checkpointVerifier.verify(checkpoint)) {
      case CheckpointVerification.Verified verified -> {
        checkpoints++;
        timeStamped += verified.timeStampedAt() == null ? 0 : 1;
        signers.add(verified.signer());
        return Optional.empty();
      }
      case CheckpointVerification.Rejected rejected -> {
        return Optional.of(
            new Broken(
                "Checkpoint at sequence "
                    + checkpoint.sequence()
                    + " not verified ("
                    + rejected.failure()
                    + "): "
                    + rejected.detail()));
      }
    }
  }

  /** Checks that the chain head row names the last link, so no link was removed from the end. */
  private Outcome checkHead(Connection connection, ChainVerification.Intact intact)
      throws SQLException {
    try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT sequence, head_hash FROM evidence_chain_head WHERE id = 1");
        ResultSet head = query.executeQuery()) {
      if (!head.next()) {
        return new Broken("The evidence_chain_head row is missing");
      }
      long sequence = head.getLong(1);
      String hash = head.getString(2);
      if (sequence != intact.links() || !intact.headHash().equals(hash)) {
        return new Broken(
            "The chain head names sequence "
                + sequence
                + " with hash "
                + hash
                + ", but the last document is sequence "
                + intact.links()
                + " with hash "
                + intact.headHash());
      }
    }
    return new Verified(
        intact.links(), intact.headHash(), checkpoints, timeStamped, unchained(connection), signers);
  }

  private static long unchained(Connection connection) throws SQLException {
    try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM document WHERE chain_sequence IS NULL");
        ResultSet count = query.executeQuery()) {
      count.next();
      return count.getLong(1);
    }
  }

  private static ChainLink link(ResultSet row) throws SQLException {
    return new ChainLink(
        row.getLong(1), row.getString(2), row.getString(3), row.getBytes(4), row.getString(5));
  }

  private static StoredCheckpoint nextCheckpoint(ResultSet rows) throws SQLException {
    if (!rows.next()) {
      return null;
    }
    return new StoredCheckpoint(
        rows.getLong(1),
        rows.getString(2),
        rows.getObject(3, OffsetDateTime.class).toInstant(),
        rows.getBytes(4),
        rows.getString(5),
        rows.getBytes(6));
  }
}
