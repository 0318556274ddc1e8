package io.countersign.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain over accepted documents. Each document is a link whose record hash covers the
 * previous link's record hash and the document's exact receipt bytes, which name the document id,
 * partner, time, content SHA-256, algorithms, signer and client.
 *
 * <p>Changing a stored receipt, removing a link or reordering links changes a record hash, so
 * every later link and every checkpoint after it no longer matches. Rewriting the whole chain
 * from the changed link on is detected only by a signed checkpoint that covers it.
 */
public final class EvidenceChain {

  /** The previous hash of the first link (sequence 1): 64 zeros. */
  public static final String GENESIS_HASH = "0".repeat(64);

  private EvidenceChain() {}

  /**
   * Computes a link's record hash: {@code SHA-256(UTF-8(previousHash) || 0x0A || receipt)} in
   * lower-case hexadecimal.
   *
   * @param previousHash the previous link's record hash, or {@link #GENESIS_HASH} for the first
   * @param receipt the exact stored receipt bytes
   */
  public static String recordHash(String previousHash, byte[] receipt) {
    MessageDigest digest = sha256();
    digest.update(previousHash.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
    digest.update(receipt);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
