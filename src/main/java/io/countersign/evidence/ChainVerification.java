package io.countersign.evidence;

/** The outcome of verifying an evidence chain: intact, or broken at its first bad link. */
public sealed interface ChainVerification {

  /**
   * Every link verified.
   *
   * @param links the number of links
   * @param headHash the record hash of the last link, or {@link EvidenceChain#GENESIS_HASH} for an
   *     empty chain
   */
  record Intact(long links, String headHash) implements ChainVerification {}

  /**
   * The first link that does not verify.
   *
   * @param failure which check failed
   * @param sequence the stored sequence of the link
   * @param documentId the document of the link
   * @param expected the value that the links before imply: a sequence number or a hash
   * @param stored the value stored in the link
   */
  record Broken(LinkFailure failure, long sequence, String documentId, String expected, String stored)
      implements ChainVerification {

    /** Describes the broken link in one line for an operator. */
    public String describe() {
      return failure.description()
          + " at sequence "
          + sequence
          + " (document "
          + documentId
          + "): expected "
          + expected
          + ", stored "
          + stored;
    }
  }

  /** The check that a link failed, in the order that the verifier checks them. */
  enum LinkFailure {
    /** The link is not the next sequence number: a link before it was removed or reordered. */
    SEQUENCE_NOT_NEXT("sequence not next"),
    /** The stored previous hash is not the record hash of the link before. */
    PREVIOUS_HASH_MISMATCH("previous hash mismatch"),
    /** The stored record hash is not the hash of the previous hash and the stored receipt. */
    RECORD_HASH_MISMATCH("record hash mismatch");

    private final String description;

    LinkFailure(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }
}
