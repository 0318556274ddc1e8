package io.countersign.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.countersign.evidence.ChainVerification.LinkFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

  private static final int LENGTH = 6;

  @Test
  void recordHash_matchesCoreutilsSha256sum() {
    // printf '%064d\n%s' 0 '{}' | sha256sum
    String expected = "5649d09ed68c17156095d175eef152856c5b1a81c117c409c1e00f096aa6838e";

    String recordHash =
        EvidenceChain.recordHash(EvidenceChain.GENESIS_HASH, "{}".getBytes(StandardCharsets.UTF_8));

    assertEquals(expected, recordHash);
  }

  @Test
  void verify_intactChain_isIntact() {
    List<ChainLink> links = chain(LENGTH);

    ChainVerification.Intact intact =
        assertInstanceOf(ChainVerification.Intact.class, ChainVerifier.verify(links));

    assertEquals(LENGTH, intact.links());
    assertEquals(links.getLast().recordHash(), intact.headHash());
  }

  @Test
  void verify_emptyChain_isIntactAtGenesis() {
    ChainVerification.Intact intact =
        assertInstanceOf(ChainVerification.Intact.class, ChainVerifier.verify(List.of()));

    assertEquals(0, intact.links());
    assertEquals(EvidenceChain.GENESIS_HASH, intact.headHash());
  }

  @Test
  void verify_changedReceiptByte_breaksThatLink() {
    List<ChainLink> links = chain(LENGTH);
    ChainLink original = links.get(2);
    byte[] receipt = original.receipt().clone();
    receipt[5] ^= 1;
    links.set(2, withReceipt(original, receipt));

    ChainVerification.Broken broken = broken(links);

    assertEquals(LinkFailure.RECORD_HASH_MISMATCH, broken.failure());
    assertEquals(3, broken.sequence());
    assertEquals("document-3", broken.documentId());
    assertEquals(EvidenceChain.recordHash(original.previousHash(), receipt), broken.expected());
    assertEquals(original.recordHash(), broken.stored());
  }

  @Test
  void verify_deletedLink_breaksAtTheNextSequence() {
    List<ChainLink> links = chain(LENGTH);
    links.remove(3);

    ChainVerification.Broken broken = broken(links);

    assertEquals(LinkFailure.SEQUENCE_NOT_NEXT, broken.failure());
    assertEquals(5, broken.sequence());
    assertEquals("4", broken.expected());
    assertEquals("5", broken.stored());
  }

  @Test
  void verify_deletedAndRenumberedLink_breaksPreviousHash() {
    List<ChainLink> links = chain(LENGTH);
    String removedHash = links.get(3).recordHash();
    links.remove(3);
    for (int i = 3; i < links.size(); i++) {
      links.set(i, withSequence(links.get(i), i + 1));
    }

    ChainVerification.Broken broken = broken(links);

    assertEquals(LinkFailure.PREVIOUS_HASH_MISMATCH, broken.failure());
    assertEquals(4, broken.sequence());
    assertEquals("document-5", broken.documentId());
    assertEquals(links.get(2).recordHash(), broken.expected());
    assertEquals(removedHash, broken.stored());
  }

  @Test
  void verify_reorderedLinks_breaksAtFirstMovedLink() {
    List<ChainLink> links = chain(LENGTH);
    ChainLink second = links.get(1);
    ChainLink third = links.get(2);
    links.set(1, withSequence(third, 2));
    links.set(2, withSequence(second, 3));

    ChainVerification.Broken broken = broken(links);

    assertEquals(LinkFailure.PREVIOUS_HASH_MISMATCH, broken.failure());
    assertEquals(2, broken.sequence());
    assertEquals("document-3", broken.documentId());
    assertEquals(links.get(0).recordHash(), broken.expected());
    assertEquals(second.recordHash(), broken.stored());
  }

  @Test
  void verify_linksOutOfOrder_breaksSequence() {
    List<ChainLink> links = chain(LENGTH);
    links.add(1, links.remove(2));

    ChainVerification.Broken broken = broken(links);

    assertEquals(LinkFailure.SEQUENCE_NOT_NEXT, broken.failure());
    assertEquals(3, broken.sequence());
    assertEquals("2", broken.expected());
  }

  @Test
  void verify_changedStoredRecordHash_breaksThatLink() {
    List<ChainLink> links = chain(LENGTH);
    ChainLink original = links.get(4);
    String forged = "f".repeat(64);
    links.set(
        4,
        new ChainLink(
            original.sequence(), original.previousHash(), forged, original.receipt(), original.documentId()));

    ChainVerification.Broken broken = broken(links);

    assertEquals(LinkFailure.RECORD_HASH_MISMATCH, broken.failure());
    assertEquals(5, broken.sequence());
    assertEquals(original.recordHash(), broken.expected());
    assertEquals(forged, broken.stored());
  }

  @Test
  void verify_changedStoredPreviousHash_breaksThatLink() {
    List<ChainLink> links = chain(LENGTH);
    ChainLink original = links.get(0);
    links.set(
        0,
        new ChainLink(1, "1".repeat(64), original.recordHash(), original.receipt(), original.documentId()));

    ChainVerification.Broken broken = broken(links);

    assertEquals(LinkFailure.PREVIOUS_HASH_MISMATCH, broken.failure());
    assertEquals(1, broken.sequence());
    assertEquals(EvidenceChain.GENESIS_HASH, broken.expected());
  }

  @Test
  void verify_changedReceiptWithRecomputedChain_isIntactButHeadDiffers() {
    List<ChainLink> links = chain(LENGTH);
    String originalHead = links.getLast().recordHash();
    List<byte[]> receipts = new ArrayList<>(links.stream().map(ChainLink::receipt).toList());
    receipts.set(1, "{\"documentId\":\"forged\"}".getBytes(StandardCharsets.UTF_8));

    ChainVerification.Intact intact =
        assertInstanceOf(ChainVerification.Intact.class, ChainVerifier.verify(chain(receipts)));

    // Only a checkpoint of the original head can show this rewrite.
    assertEquals(LENGTH, intact.links());
    assertNotEquals(originalHead, intact.headHash());
  }

  @Test
  void append_brokenLink_leavesHeadUnchanged() {
    List<ChainLink> links = chain(2);
    ChainVerifier verifier = new ChainVerifier();
    verifier.append(links.get(0));

    verifier.append(withSequence(links.get(1), 7));

    assertEquals(1, verifier.result().links());
    assertEquals(links.get(0).recordHash(), verifier.result().headHash());
  }

  private static ChainVerification.Broken broken(List<ChainLink> links) {
    return assertInstanceOf(ChainVerification.Broken.class, ChainVerifier.verify(links));
  }

  /** Builds a valid chain of receipts that name documents document-1 to document-N. */
  static List<ChainLink> chain(int length) {
    List<byte[]> receipts = new ArrayList<>();
    for (int i = 1; i <= length; i++) {
      receipts.add(
          ("{\"documentId\":\"document-" + i + "\",\"sha256\":\"" + "a".repeat(64) + "\"}")
              .getBytes(StandardCharsets.UTF_8));
    }
    return chain(receipts);
  }

  private static List<ChainLink> chain(List<byte[]> receipts) {
    List<ChainLink> links = new ArrayList<>();
    String previous = EvidenceChain.GENESIS_HASH;
    for (int i = 0; i < receipts.size(); i++) {
      String recordHash = EvidenceChain.recordHash(previous, receipts.get(i));
      links.add(new ChainLink(i + 1, previous, recordHash, receipts.get(i), "document-" + (i + 1)));
      previous = recordHash;
    }
    return links;
  }

  private static ChainLink withReceipt(ChainLink link, byte[] receipt) {
    return new ChainLink(
        link.sequence(), link.previousHash(), link.recordHash(), receipt, link.documentId());
  }

  private static ChainLink withSequence(ChainLink link, long sequence) {
    return new ChainLink(
        sequence, link.previousHash(), link.recordHash(), link.receipt(), link.documentId());
  }
}
