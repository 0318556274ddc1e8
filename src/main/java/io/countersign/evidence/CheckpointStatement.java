package io.countersign.evidence;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The content that a checkpoint signs: the chain head at a moment. Its bytes are exactly {@code
 * {"sequence":N,"headHash":"HEX","createdAt":"ISO-8601"}}, with no white space, so that any
 * verifier can rebuild and compare them.
 *
 * @param sequence the sequence of the head link
 * @param headHash the record hash of the head link, 64 lower-case hex digits
 * @param createdAt the time of the checkpoint, in milliseconds, written as {@link Instant#toString}
 */
public record CheckpointStatement(long sequence, String headHash, Instant createdAt) {

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  public CheckpointStatement {
    if (sequence < 1) {
      throw new IllegalArgumentException("A checkpoint sequence must be 1 or more, not " + sequence);
    }
    if (headHash == null || !HASH.matcher(headHash).matches()) {
      throw new IllegalArgumentException(
          "A head hash must be 64 lower-case hex digits, not '" + headHash + "'");
    }
  }

  /** Returns the exact bytes that the checkpoint signs and time-stamps. */
  public byte[] toBytes() {
    String json =
        "{\"sequence\":"
            + sequence
            + ",\"headHash\":\""
            + headHash
            + "\",\"createdAt\":\""
            + createdAt
            + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses stored statement bytes. Fails unless they are exactly the bytes that {@link #toBytes}
   * writes for the values they contain, so the statement has one serialization only.
   */
  public static CheckpointStatement parse(byte[] bytes) throws ParseException {
    Map<String, Object> fields = JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8));
    if (!(fields.get("sequence") instanceof Number sequence)
        || !(fields.get("headHash") instanceof String headHash)
        || !(fields.get("createdAt") instanceof String createdAt)) {
      throw new ParseException("The statement is missing sequence, headHash or createdAt", 0);
    }

    CheckpointStatement statement;
    try {
      statement = new CheckpointStatement(sequence.longValue(), headHash, Instant.parse(createdAt));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new ParseException("The statement has an invalid field: " + e.getMessage(), 0);
    }
    if (!Arrays.equals(statement.toBytes(), bytes)) {
      throw new ParseException("The statement is not in its canonical form " + statement, 0);
    }
    return statement;
  }
}
