package io.countersign.evidence;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The one row of {@code evidence_chain_head}: the sequence and record hash of the last link.
 *
 * <p>Never cached, because other server instances advance it in the same database.
 */
@Entity
@Table(name = "evidence_chain_head")
@Cacheable(false)
public class ChainHeadRecord {

  /** The id of the only row. */
  static final int ID = 1;

  @Id private int id;

  @Column(nullable = false)
  private long sequence;

  @Column(name = "head_hash", nullable = false)
  private String headHash;

  protected ChainHeadRecord() {}

  public long getSequence() {
    return sequence;
  }

  public String getHeadHash() {
    return headHash;
  }

  /** Makes {@code document} the next link after this head and moves the head to it. */
  void append(DocumentRecord document) {
    long next = sequence + 1;
    String recordHash = EvidenceChain.recordHash(headHash, document.getReceipt());
    document.setChainLink(next, headHash, recordHash);
    sequence = next;
    headHash = recordHash;
  }
}
