package io.countersign.evidence;

import java.util.Objects;
import java.util.Optional;

/**
 * Verifies an evidence chain link by link, in sequence order, without the server: it needs only
 * the stored rows. Use {@link #verify(Iterable)} for a whole chain, or {@link #append} to stream
 * links from a database and learn each link's verified hash on the way.
 *
 * <p>Guarantees: an {@link ChainVerification.Intact} chain starts at sequence 1 with {@link
 * EvidenceChain#GENESIS_HASH}, has no gaps, and every stored hash is recomputed from the stored
 * receipts. It does not prove that no links were removed from the end, or that the whole chain
 * was not recomputed after a change; only checkpoints signed at the time can show that.
 *
 * <p>Instances are not thread-safe.
 */
public final class ChainVerifier {

  private long links;
  private String headHash = EvidenceChain.GENESIS_HASH;

  /** Verifies links given in sequence order and returns the first broken one, or intact. */
  public static ChainVerification verify(Iterable<ChainLink> links) {
    ChainVerifier verifier = new ChainVerifier();
    for (ChainLink link : links) {
      Optional<ChainVerification.Broken> broken = verifier.append(link);
      if (broken.isPresent()) {
        return broken.get();
      }
    }
    return verifier.result();
  }

  /**
   * Verifies the next link against the links appended before; returns how it is broken, or empty
   * when it verifies and becomes the new head. A broken link leaves the head unchanged.
   */
  public Optional<ChainVerification.Broken> append(ChainLink link) {
    long expectedSequence = links + 1;
    if (link.sequence() != expectedSequence) {
      return broken(
          ChainVerification.LinkFailure.SEQUENCE_NOT_NEXT,
          link,
          Long.toString(expectedSequence),
          Long.toString(link.sequence()));
    }

    if (!headHash.equals(link.previousHash())) {
      return broken(
          ChainVerification.LinkFailure.PREVIOUS_HASH_MISMATCH, link, headHash, link.previousHash());
    }

    String recomputed = EvidenceChain.recordHash(headHash, link.receipt());
    if (!recomputed.equals(link.recordHash())) {
      return broken(
          ChainVerification.LinkFailure.RECORD_HASH_MISMATCH, link, recomputed, link.recordHash());
    }

    links = link.sequence();
    headHash = recomputed;
    return Optional.empty();
  }

  /** Returns the verified chain so far: the number of links and the last record hash. */
  public ChainVerification.Intact result() {
    return new ChainVerification.Intact(links, headHash);
  }

  private static Optional<ChainVerification.Broken> broken(
      ChainVerification.LinkFailure failure, ChainLink link, String expected, String stored) {
    return Optional.of(
        new ChainVerification.Broken(
            failure, link.sequence(), link.documentId(), expected, Objects.toString(stored)));
  }
}
