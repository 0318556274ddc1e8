package io.countersign.signature.http;

import io.countersign.platform.RejectionReason;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies requests that a partner authenticates with an HMAC-SHA256 over a fixed signing string.
 *
 * <h2>Partner contract</h2>
 *
 * <p>The partner sends:
 *
 * <ul>
 *   <li>{@value #TIMESTAMP_HEADER}: the signing time in Unix epoch seconds, decimal digits only,
 *       for example {@code 1767225600};
 *   <li>{@value #PRIMARY_SIGNATURE_HEADER} and/or {@value #SECONDARY_SIGNATURE_HEADER}: the
 *       HMAC-SHA256, in hexadecimal (64 digits, either case) or standard base64 with padding (44
 *       characters). Each header may carry a MAC with any of the partner's active keys. During a
 *       rotation the partner sends both, one MAC per key.
 * </ul>
 *
 * <p>The MAC input is the UTF-8 encoding of
 *
 * <pre>{@code
 * timestamp + "\n" + method + "\n" + path + "\n" + hex(SHA-256(body))
 * }</pre>
 *
 * <p>where {@code timestamp} is the header value exactly as sent, {@code method} the request method
 * as sent (for example {@code POST}), {@code path} the absolute path of the request target followed
 * by {@code ?} and the query when there is one, both percent-encoded exactly as in the request line
 * ({@code /} for an empty path), and the last line the lower-case hexadecimal SHA-256 of the exact
 * body bytes (of no bytes for an empty body). There is no trailing newline.
 *
 * <h2>Guarantees</h2>
 *
 * <p>A {@code Verified} outcome guarantees that a MAC in one of the two headers equals the
 * HMAC-SHA256 of that string under a key registered to the claimed partner and active now (compared
 * in constant time), that the timestamp lies within the tolerance of the clock in either direction,
 * and that no MAC of the request was accepted before within the tolerance. The result always
 * carries {@code nonRepudiation=false}, because Countersign has the same secret.
 *
 * <p>Headers other than the three above are not covered, so the caller must not trust them.
 * Instances are thread-safe.
 */
public final class HmacRequestVerifier {

  public static final String TIMESTAMP_HEADER = "X-Countersign-Timestamp";
  public static final String PRIMARY_SIGNATURE_HEADER = "X-Countersign-Signature-Primary";
  public static final String SECONDARY_SIGNATURE_HEADER = "X-Countersign-Signature-Secondary";

  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
  public static final int DEFAULT_REPLAY_CACHE_CAPACITY = 100_000;

  static final String FORMAT = "countersign-hmac";
  static final String ALGORITHM = "hmac-sha256";

  private static final List<String> COVERED =
      List.of(
          TIMESTAMP_HEADER.toLowerCase(Locale.ROOT), "@method", "@request-target", "body-sha256");
  private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");
  private static final Pattern HEX_MAC = Pattern.compile("[0-9a-fA-F]{64}");
  private static final int MAC_BYTES = 32;

  private final HmacKeySource keys;
  private final Clock clock;
  private final Duration tolerance;
  private final ReplayCache replayCache;

  /** Creates a verifier with a tolerance of {@link #DEFAULT_TOLERANCE}. */
  public HmacRequestVerifier(HmacKeySource keys, Clock clock) {
    this(keys, clock, DEFAULT_TOLERANCE, DEFAULT_REPLAY_CACHE_CAPACITY);
  }

  /**
   * Creates a verifier.
   *
   * @param tolerance the maximum distance between the timestamp and the clock, in either direction,
   *     and so also how long an accepted MAC stays in the replay cache
   * @param replayCacheCapacity the maximum number of MACs remembered at once. When that many are
   *     unexpired, {@link #verify} throws {@link IllegalStateException}.
   */
  public HmacRequestVerifier(
      HmacKeySource keys, Clock clock, Duration tolerance, int replayCacheCapacity) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("The tolerance must be positive: " + tolerance);
    }
    this.replayCache = new ReplayCache(replayCacheCapacity);
  }

  /**
   * Verifies the request's HMAC against the keys of {@code partnerId}, the partner that the request
   * claims to come from. Every bad input ends as a {@code Rejected} outcome.
   *
   * @throws IllegalStateException if the replay cache is full
   */
  public RequestVerificationOutcome verify(HttpRequestView request, String partnerId) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(partnerId, "partnerId");
    Instant now = clock.instant();

    try {
      String timestamp = singleField(request, TIMESTAMP_HEADER);
      Instant signedAt = parseTimestamp(timestamp);
      checkWindow(signedAt, now);

      List<byte[]> macs = presentedMacs(request);
      byte[] signingString =
          HmacSigningString.of(timestamp, request.method(), request.pathAndQuery(), request.body());
      Match match = findMatch(macs, signingString, partnerId, now);

      checkReplay(match.verifiedMacs(), now, signedAt.plus(tolerance));
      return new RequestVerificationOutcome.Verified(verifiedRequest(match, partnerId, signedAt));
    } catch (RequestRejection e) {
      return new RequestVerificationOutcome.Rejected(e.rejection());
    }
  }

  /** The key that verified a MAC, and every presented MAC that verified with an active key. */
  private record Match(HmacKey key, byte[] mac, List<byte[]> verifiedMacs) {}

  private static String singleField(HttpRequestView request, String name) throws RequestRejection {
    List<String> lines = request.fieldLines(name);
    if (lines.isEmpty()) {
      throw new RequestRejection(
          RejectionReason.REQUEST_SIGNATURE_MISSING,
          "The header " + name + " is missing. Send the signing time in Unix epoch seconds.");
    }
    if (lines.size() > 1) {
      throw new RequestRejection(
          RejectionReason.REQUEST_SIGNATURE_MALFORMED,
          "The header " + name + " appears " + lines.size() + " times. Send it once.");
    }
    return lines.getFirst().strip();
  }

  private static Instant parseTimestamp(String timestamp) throws RequestRejection {
    if (!EPOCH_SECONDS.matcher(timestamp).matches()) {
      throw new RequestRejection(
          RejectionReason.REQUEST_SIGNATURE_MALFORMED,
          "The header "
              + TIMESTAMP_HEADER
              + " is not Unix epoch seconds in decimal digits: '"
              + abbreviate(timestamp)
              + "'.");
    }
    return Instant.ofEpochSecond(Long.parseLong(timestamp));
  }

  private void checkWindow(Instant signedAt, Instant now) throws RequestRejection {
    Duration skew = Duration.between(signedAt, now).abs();
    if (skew.compareTo(tolerance) > 0) {
      throw new RequestRejection(
          RejectionReason.REQUEST_TIMESTAMP_OUT_OF_WINDOW,
          "The timestamp "
              + signedAt
              + " differs from the server time "
              + now
              + " by more than "
              + tolerance.toSeconds()
              + " seconds. Sign with a synchronized clock and send the request at once.");
    }
  }

  private static List<byte[]> presentedMacs(HttpRequestView request) throws RequestRejection {
    List<byte[]> macs = new ArrayList<>();
    for (String header : List.of(PRIMARY_SIGNATURE_HEADER, SECONDARY_SIGNATURE_HEADER)) {
      List<String> lines = request.fieldLines(header);
      if (lines.size() > 1) {
        throw new RequestRejection(
            RejectionReason.REQUEST_SIGNATURE_MALFORMED,
            "The header " + header + " appears " + lines.size() + " times. Send it once.");
      }
      if (lines.size() == 1) {
        macs.add(decodeMac(header, lines.getFirst().strip()));
      }
    }

    if (macs.isEmpty()) {
      throw new RequestRejection(
          RejectionReason.REQUEST_SIGNATURE_MISSING,
          "Neither "
              + PRIMARY_SIGNATURE_HEADER
              + " nor "
              + SECONDARY_SIGNATURE_HEADER
              + " is present. Send the HMAC-SHA256 of the request in one of them.");
    }
    return macs;
  }

  /** Decodes 64 hexadecimal digits or 44 characters of padded standard base64. */
  private static byte[] decodeMac(String header, String value) throws RequestRejection {
    if (HEX_MAC.matcher(value).matches()) {
      return HexFormat.of().parseHex(value);
    }
    try {
      byte[] mac = Base64.getDecoder().decode(value);
      if (mac.length == MAC_BYTES && value.length() == 44) {
        return mac;
      }
    } catch (IllegalArgumentException e) {
      // Neither hex nor base64, so the rejection below applies.
    }
    throw new RequestRejection(
        RejectionReason.REQUEST_SIGNATURE_MALFORMED,
        "The header "
            + header
            + " is neither 64 hexadecimal digits nor 44 characters of base64. Send the 32-byte"
            + " HMAC-SHA256 in one of those encodings.");
  }

  /**
   * Computes the HMAC with every registered key and compares it with every presented MAC. An
   * inactive key that matches turns into a rejection that names it, so the partner learns to switch
   * keys.
   */
  private Match findMatch(List<byte[]> macs, byte[] signingString, String partnerId, Instant now)
      throws RequestRejection {
    List<HmacKey> registered = keys.keysOf(partnerId);
    if (registered.isEmpty()) {
      throw new RequestRejection(
          RejectionReason.REQUEST_KEY_UNKNOWN,
          "No HMAC key is registered for partner '" + partnerId + "'.");
    }

    HmacKey matchingKey = null;
    HmacKey inactiveMatch = null;
    List<byte[]> verified = new ArrayList<>();
    for (HmacKey key : registered) {
      byte[] expected = hmacSha256(key, signingString);
      for (byte[] mac : macs) {
        if (!MessageDigest.isEqual(expected, mac)) {
          continue;
        }
        if (!key.isActiveAt(now)) {
          inactiveMatch = key;
          continue;
        }
        if (matchingKey == null) {
          matchingKey = key;
        }
        verified.add(mac);
      }
    }

    if (matchingKey != null) {
      return new Match(matchingKey, verified.getFirst(), List.copyOf(verified));
    }
    if (inactiveMatch != null) {
      throw new RequestRejection(
          RejectionReason.REQUEST_KEY_NOT_ACTIVE,
          "The HMAC was made with key '"
              + inactiveMatch.keyId()
              + "', which is accepted only from "
              + boundary(inactiveMatch.notBefore())
              + " until "
              + boundary(inactiveMatch.notAfter())
              + ". Sign with the partner's current key.");
    }
    throw new RequestRejection(
        RejectionReason.REQUEST_SIGNATURE_INVALID,
        "No HMAC in the request matches a key of partner '"
            + partnerId
            + "'. Check the key and the signing string: timestamp, method, path with query, and"
            + " the hex SHA-256 of the body, separated by line feeds.");
  }

  private void checkReplay(List<byte[]> macs, Instant now, Instant expiry) throws RequestRejection {
    if (!replayCache.recordFirstUse(macs, now, expiry)) {
      throw new RequestRejection(
          RejectionReason.REQUEST_REPLAYED,
          "This HMAC was already accepted. Sign every request anew with the current time.");
    }
  }

  private static VerifiedRequest verifiedRequest(Match match, String partnerId, Instant signedAt) {
    return new VerifiedRequest(
        FORMAT, ALGORITHM, partnerId, match.key().keyId(), signedAt, COVERED, false, match.mac());
  }

  private static byte[] hmacSha256(HmacKey key, byte[] signingString) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
      return mac.doFinal(signingString);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static String boundary(Instant instant) {
    return instant == null ? "unbounded" : instant.toString();
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
