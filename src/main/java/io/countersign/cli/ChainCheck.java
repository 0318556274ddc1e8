package io.countersign.cli;

import io.countersign.bundle.BundleContents;
import io.countersign.bundle.BundleLayout;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a bundle's place in the server's evidence hash chain: that {@code evidence/chain.json}
 * names the hash of this receipt, and that the checkpoint, signed by the receipt key, covers it.
 *
 * <p>Each record's hash is recordHash = hex(SHA-256(UTF-8(previousHash) || 0x0A || receipt
 * bytes)). A checkpoint at the record's own sequence names its hash as headHash. A later
 * checkpoint cannot be linked to the record offline: that needs every receipt in between, and
 * those belong to other documents, often of other partners, which a bundle must not reveal.
 */
final class ChainCheck {

  static final String RECORD = "chain-record";
  static final String CHECKPOINT_SIGNATURE = "checkpoint-signature";
  static final String CHECKPOINT_HEAD = "checkpoint-head";
  static final String CHECKPOINT_TIMESTAMP = "checkpoint-timestamp";

  private ChainCheck() {}

  static List<BundleCheck> check(BundleContents bundle, byte[] receipt, ReceiptVerifier signatures) {
    Optional<byte[]> chain = bundle.entry(BundleLayout.CHAIN);
    if (chain.isEmpty()) {
      return List.of(
          BundleCheck.skipped(
              RECORD, "The bundle has no hash chain record, because the server keeps none."));
    }
    Optional<Position> link = Position.parse(chain.get(), "previousHash", "recordHash");
    if (link.isEmpty()) {
      return List.of(
          BundleCheck.failed(
              RECORD, "chain.json is not a JSON object with sequence, previousHash, recordHash"));
    }

    List<BundleCheck> checks = new ArrayList<>();
    checks.add(checkRecord(link.get(), receipt));
    checks.addAll(checkCheckpoint(bundle, link.get(), signatures));
    return checks;
  }

  private static BundleCheck checkRecord(Position link, byte[] receipt) {
    String computed = recordHash(link.previousHash(), receipt);
    if (!computed.equals(link.hash())) {
      return BundleCheck.failed(
          RECORD,
          "chain.json names recordHash "
              + link.hash()
              + ", but the receipt with previousHash "
              + link.previousHash()
              + " hashes to "
              + computed);
    }
    return BundleCheck.ok(RECORD, "record " + link.sequence() + " hashes to " + link.hash());
  }

  private static List<BundleCheck> checkCheckpoint(
      BundleContents bundle, Position link, ReceiptVerifier signatures) {
    Optional<byte[]> statement = bundle.entry(BundleLayout.CHECKPOINT);
    Optional<byte[]> signature = bundle.entry(BundleLayout.CHECKPOINT_SIGNATURE);
    if (statement.isEmpty() || signature.isEmpty()) {
      return List.of(
          BundleCheck.skipped(
              CHECKPOINT_HEAD,
              "No checkpoint covers the record yet. Download the bundle again after the next"
                  + " checkpoint."));
    }

    List<BundleCheck> checks = new ArrayList<>();
    checks.add(
        signatures
            .verifySignature(statement.get(), DocumentSignatureCheck.ascii(signature.get()))
            .map(rejected -> BundleCheck.failed(CHECKPOINT_SIGNATURE, rejected.describe()))
            .orElseGet(() -> BundleCheck.ok(CHECKPOINT_SIGNATURE, "signed by the receipt key")));
    checks.add(
        Position.parse(statement.get(), null, "headHash")
            .map(checkpoint -> checkHead(checkpoint, link))
            .orElseGet(
                () ->
                    BundleCheck.failed(
                        CHECKPOINT_HEAD,
                        "checkpoint.json is not a JSON object with sequence and headHash")));
    if (bundle.entry(BundleLayout.CHECKPOINT_TIMESTAMP).isPresent()) {
      // NOTE: the time-stamp is left to openssl ts -verify, with the TSA's CA certificate.
      checks.add(
          BundleCheck.skipped(
              CHECKPOINT_TIMESTAMP,
              BundleLayout.CHECKPOINT_TIMESTAMP + " is present but not checked by this tool."));
    }
    return checks;
  }

  private static BundleCheck checkHead(Position checkpoint, Position link) {
    if (checkpoint.sequence() < link.sequence()) {
      return BundleCheck.failed(
          CHECKPOINT_HEAD,
          "The checkpoint is at sequence "
              + checkpoint.sequence()
              + ", before the record's "
              + link.sequence());
    }
    if (checkpoint.sequence() > link.sequence()) {
      return BundleCheck.skipped(
          CHECKPOINT_HEAD,
          "The checkpoint is at sequence "
              + checkpoint.sequence()
              + ", after the record's "
              + link.sequence()
              + ". Linking them needs the receipts of the records in between, which belong to"
              + " other documents, so this bundle proves the record only up to itself.");
    }
    if (!checkpoint.hash().equals(link.hash())) {
      return BundleCheck.failed(
          CHECKPOINT_HEAD,
          "The checkpoint at sequence "
              + checkpoint.sequence()
              + " names headHash "
              + checkpoint.hash()
              + ", not the record's hash "
              + link.hash());
    }
    return BundleCheck.ok(
        CHECKPOINT_HEAD,
        "the checkpoint at sequence " + checkpoint.sequence() + " names this record's hash");
  }

  /** Returns hex(SHA-256(UTF-8(previousHash) || 0x0A || receipt)). */
  static String recordHash(String previousHash, byte[] receipt) {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(previousHash.getBytes(StandardCharsets.UTF_8));
    input.write('\n');
    input.writeBytes(receipt);
    return ReceiptVerifier.sha256Hex(input.toByteArray());
  }

  /**
   * A position in the chain: a record (sequence, previousHash, recordHash) or a checkpoint
   * (sequence, headHash, no previous hash).
   */
  private record Position(long sequence, String previousHash, String hash) {

    /** Parses the JSON object, or returns empty if a field is missing or has the wrong type. */
    static Optional<Position> parse(byte[] json, String previousName, String hashName) {
      JsonObject object;
      try {
        object = Json.createReader(new ByteArrayInputStream(json)).readObject();
      } catch (JsonException e) {
        return Optional.empty();
      }
      if (!(object.get("sequence") instanceof JsonNumber sequence && sequence.isIntegral())
          || !(object.get(hashName) instanceof JsonString hash)) {
        return Optional.empty();
      }
      String previous = null;
      if (previousName != null) {
        if (!(object.get(previousName) instanceof JsonString previousHash)) {
          return Optional.empty();
        }
        previous = previousHash.getString();
      }
      return Optional.of(new Position(sequence.longValue(), previous, hash.getString()));
    }
  }
}
