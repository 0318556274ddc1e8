package io.countersign.evidence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
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
   * Appends a document to the evidence chain and commits it. Fails if another request stored the
   * same signature value first; the caller then finds that document with {@link #findBySignature}.
   *
   * <p>The chain head stays locked until the commit, so appends from every server on the database
   * run one at a time. A failed insert rolls the head back with it and consumes no sequence number.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void insert(DocumentRecord document, List<RevocationEvidenceRecord> revocationEvidence) {
    ChainHeadRecord head = lockChainHead();
    head.append(document);

    entityManager.persist(document);
    entityManager.flush();
    revocationEvidence.forEach(entityManager::persist);
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
