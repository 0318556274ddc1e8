package io.countersign.evidence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/**
 * Stores accepted documents and rejections through JPA.
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
   * Inserts and commits a document. Fails if another request stored the same signature value
   * first; the caller then finds that document with {@link #findBySignature}.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void insert(DocumentRecord document, List<RevocationEvidenceRecord> revocationEvidence) {
    entityManager.persist(document);
    entityManager.flush();
    revocationEvidence.forEach(entityManager::persist);
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
