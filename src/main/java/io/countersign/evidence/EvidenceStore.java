package io.countersign.evidence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores accepted documents, rejections and evidence chain checkpoints through JPA.
 *
 * <p>Every write commits in its own transaction before the method returns, so a caller that
 * acknowledges after {@link #insert} acknowledges only what is durably stored. A database failure
 * surfaces as an {@link jakarta.ejb.EJBException}.
 */
@Stateless
public class EvidenceStore {

  /**
   * The size of the content chunks that {@link #insert} writes: 256 KiB, the last chunk of a
   * document shorter. Below half of G1's 1 MiB region of a small heap, so that a chunk is not a
   * humongous object: with 1 MiB chunks, a 256 MB server that stored a large document collected
   * often and failed evacuations. Documents migrated from schema version 7 and older have one
   * chunk of any size.
   */
  public static final int CHUNK_BYTES = 256 * 1024;

  private static final String INSERT_CHUNK =
      "INSERT INTO document_content (document_id, chunk_index, bytes) VALUES (?1, ?2, ?3)";
  private static final String SELECT_CHUNK =
      "SELECT bytes FROM document_content WHERE document_id = ?1 AND chunk_index = ?2";

  @PersistenceContext(unitName = "countersign")
  EntityManager entityManager;

  public Optional<DocumentRecord> find(String documentId) {
    return Optional.ofNullable(entityManager.find(DocumentRecord.class, documentId));
  }

  /** Returns the document whose signature value has this SHA-256, if it was accepted before. */
  public Optional<DocumentRecord> findBySignature(String signatureValueSha256) {
    return entityManager
        .createNamedQuery(DocumentRecord.FIND_BY_SIGNATURE, DocumentRecord.class)
        .setParameter("signatureValueSha256", signatureValueSha256)
        .getResultStream()
        .findFirst();
  }

  /**
   * Inserts a document with its content and revocation evidence, appends it to the evidence chain
   * and commits all of it in one transaction. Fails if another request stored the same signature
   * value first; the caller then finds that document with {@link #findBySignature}.
   *
   * <p>The content is written in chunks of {@link #CHUNK_BYTES}, read one at a time from {@code
   * content}, and its size and SHA-256 must match the ones that the record states. The chain head
   * is locked last, after the content, and stays locked until the commit. So appends from every
   * server on the database run one at a time, but none waits while another writes a large
   * document. A failed insert rolls the head back with it and consumes no sequence number.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void insert(
      DocumentRecord document,
      DocumentContent content,
      List<RevocationEvidenceRecord> revocationEvidence) {
    entityManager.persist(document);
    entityManager.flush();
    insertContent(document, content);
    revocationEvidence.forEach(entityManager::persist);

    ChainHeadRecord head = lockChainHead();
    head.append(document);
  }

  /** Writes the content in chunks and checks it against the size and SHA-256 of the record. */
  private void insertContent(DocumentRecord document, DocumentContent content) {
    MessageDigest sha256 = DocumentContent.newSha256();
    long size = 0;
    int index = 0;
    try (InputStream in = content.open()) {
      for (byte[] chunk = in.readNBytes(CHUNK_BYTES);
          chunk.length > 0;
          chunk = in.readNBytes(CHUNK_BYTES)) {
        entityManager
            .createNativeQuery(INSERT_CHUNK)
            .setParameter(1, document.getId())
            .setParameter(2, index)
            .setParameter(3, chunk)
            .executeUpdate();
        sha256.update(chunk);
        size += chunk.length;
        index++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading the content of document " + document.getId() + " failed", e);
    }
    String digest = HexFormat.of().formatHex(sha256.digest());
    if (size != document.getSize() || !digest.equals(document.getSha256())) {
      throw new IllegalStateException(
          "The content of document "
              + document.getId()
              + " has "
              + size
              + " bytes with SHA-256 "
              + digest
              + ", but was verified with "
              + document.getSize()
              + " bytes and SHA-256 "
              + document.getSha256());
    }
  }

  /**
   * Returns chunk {@code index} of a document's content, counted from 0, or empty if it has no
   * such chunk. Each call reads one chunk in a transaction of its own, so that a caller can stream
   * a large document without holding it, or a transaction, for the whole transfer.
   */
  public Optional<byte[]> contentChunk(String documentId, int index) {
    List<?> rows =
        entityManager
            .createNativeQuery(SELECT_CHUNK)
            .setParameter(1, documentId)
            .setParameter(2, index)
            .getResultList();
    return rows.stream().findFirst().map(byte[].class::cast);
  }

  /** Locks the chain head row with SELECT ... FOR UPDATE, reading it from the database. */
  private ChainHeadRecord lockChainHead() {
    Map<String, Object> fromDatabase =
        Map.of("jakarta.persistence.cache.retrieveMode", CacheRetrieveMode.BYPASS);
    ChainHeadRecord head =
        entityManager.find(
            ChainHeadRecord.class,
            ChainHeadRecord.ID,
            LockModeType.PESSIMISTIC_WRITE,
            fromDatabase);
    if (head == null) {
      throw new IllegalStateException(
          "The evidence_chain_head row is missing; the V6 migration inserts it");
    }
    return head;
  }

  /** Returns the chain head as committed now: its sequence is 0 while the chain is empty. */
  public ChainHead chainHead() {
    ChainHeadRecord head =
        entityManager.find(
            ChainHeadRecord.class,
            ChainHeadRecord.ID,
            Map.of("jakarta.persistence.cache.retrieveMode", CacheRetrieveMode.BYPASS));
    return new ChainHead(head.getSequence(), head.getHeadHash());
  }

  /** Returns the highest sequence that a checkpoint covers, or 0 without checkpoints. */
  public long latestCheckpointSequence() {
    Long latest =
        entityManager
            .createQuery("SELECT MAX(c.sequence) FROM CheckpointRecord c", Long.class)
            .getSingleResult();
    return latest == null ? 0 : latest;
  }

  public Optional<CheckpointRecord> findCheckpoint(long sequence) {
    return Optional.ofNullable(entityManager.find(CheckpointRecord.class, sequence));
  }

  /**
   * Inserts and commits a checkpoint. Fails if a checkpoint of the same sequence exists, which
   * another server may have written first.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void insert(CheckpointRecord checkpoint) {
    entityManager.persist(checkpoint);
  }

  /** Returns the revocation evidence stored with a document. */
  public List<RevocationEvidenceRecord> revocationEvidence(String documentId) {
    return entityManager
        .createQuery(
            "SELECT r FROM RevocationEvidenceRecord r WHERE r.documentId = :documentId",
            RevocationEvidenceRecord.class)
        .setParameter("documentId", documentId)
        .getResultList();
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void insert(RejectionRecord rejection) {
    entityManager.persist(rejection);
  }
}
