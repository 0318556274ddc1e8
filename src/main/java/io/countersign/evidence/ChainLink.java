package io.countersign.evidence;

/**
 * One stored link of the evidence chain, as a verifier reads it from the {@code document} table.
 *
 * @param sequence the link's position, 1 for the first
 * @param previousHash the stored hash of the link before, or {@link EvidenceChain#GENESIS_HASH}
 * @param recordHash the stored record hash of this link
 * @param receipt the exact stored receipt bytes
 * @param documentId the id of the document, to name it in a report
 */
public record ChainLink(
    long sequence, String previousHash, String recordHash, byte[] receipt, String documentId) {}
