package io.countersign.signature.http;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.http.StructuredFieldParser.ParseException;
import io.countersign.signature.http.StructuredFields.Item;
import io.countersign.signature.http.StructuredFields.Member;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/**
 * Checks the RFC 9530 Content-Digest field against the exact body bytes.
 *
 * <p>Every {@code sha-256} and {@code sha-512} member must match. Other algorithms are ignored, as
 * RFC 9530 section 2 lets a recipient do, but at least one of the two must be present, because the
 * others are deprecated or insecure (RFC 9530 section 5).
 */
final class ContentDigest {

  static final String FIELD = "content-digest";

  /** RFC 9530 algorithm keys and their JCA names, in the order they are checked. */
  private static final List<Map.Entry<String, String>> ALGORITHMS =
      List.of(Map.entry("sha-256", "SHA-256"), Map.entry("sha-512", "SHA-512"));

  private ContentDigest() {}

  static void verify(HttpRequestView request) throws RequestRejection {
    String value =
        request
            .combinedField(FIELD)
            .orElseThrow(
                () ->
                    new RequestRejection(
                        RejectionReason.CONTENT_DIGEST_MISMATCH,
                        "The Content-Digest header is missing. Send the sha-256 or sha-512 digest"
                            + " of the body."));
    Map<String, Member> digests = parse(value);
    byte[] body = request.body();

    int checked = 0;
    for (Map.Entry<String, String> algorithm : ALGORITHMS) {
      Member member = digests.get(algorithm.getKey());
      if (member != null) {
        byte[] expected = expectedDigest(member, algorithm.getKey());
        compare(algorithm.getKey(), expected, digest(algorithm.getValue(), body));
        checked++;
      }
    }

    if (checked == 0) {
      throw new RequestRejection(
          RejectionReason.ALGORITHM_NOT_ALLOWED,
          "The Content-Digest header has neither sha-256 nor sha-512 (it has "
              + digests.keySet()
              + "). Send one of those two.");
    }
  }

  private static Map<String, Member> parse(String value) throws RequestRejection {
    try {
      return StructuredFieldParser.parseDictionary(value);
    } catch (ParseException e) {
      throw new RequestRejection(
          RejectionReason.REQUEST_SIGNATURE_MALFORMED,
          "The Content-Digest header is not a structured field dictionary: "
              + e.getMessage()
              + ". Send for example sha-256=:BASE64:.");
    }
  }

  private static byte[] expectedDigest(Member member, String algorithm) throws RequestRejection {
    if (member instanceof Item item && item.value() instanceof byte[] bytes) {
      return bytes;
    }
    throw new RequestRejection(
        RejectionReason.REQUEST_SIGNATURE_MALFORMED,
        "The Content-Digest member " + algorithm + " is not a byte sequence (:BASE64:).");
  }

  private static void compare(String algorithm, byte[] expected, byte[] actual)
      throws RequestRejection {
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new RequestRejection(
          RejectionReason.CONTENT_DIGEST_MISMATCH,
          "The "
              + algorithm
              + " digest in Content-Digest does not match the body. Compute it over the exact"
              + " body bytes sent.");
    }
  }

  private static byte[] digest(String jcaName, byte[] body) {
    try {
      return MessageDigest.getInstance(jcaName).digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " is not available", e);
    }
  }
}
