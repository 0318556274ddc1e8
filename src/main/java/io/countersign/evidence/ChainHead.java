package io.countersign.evidence;

/**
 * The last link of the evidence chain.
 *
 * @param sequence the last link's sequence, 0 while the chain is empty
 * @param headHash its record hash, or {@link EvidenceChain#GENESIS_HASH} while the chain is empty
 */
public record ChainHead(long sequence, String headHash) {}
