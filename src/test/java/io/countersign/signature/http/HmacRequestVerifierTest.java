package io.countersign.signature.http;

import static io.countersign.signature.http.HmacRequestVerifier.PRIMARY_SIGNATURE_HEADER;
import static io.countersign.signature.http.HmacRequestVerifier.SECONDARY_SIGNATURE_HEADER;
import static io.countersign.signature.http.HmacRequestVerifier.TIMESTAMP_HEADER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.countersign.platform.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacRequestVerifierTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String URI = "https://intake.example/documents?format=ubl";
  private static final byte[] BODY = "{\"invoice\":\"INV-1\"}".getBytes(StandardCharsets.UTF_8);

  private static final byte[] PRIMARY_SECRET =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private static final byte[] SECONDARY_SECRET = secret(0x40);
  private static final byte[] RETIRED_SECRET = secret(0x80);
  private static final byte[] FUTURE_SECRET = secret(0xc0);

  private static final HmacKey PRIMARY =
      new HmacKey("acme-2026", PRIMARY_SECRET, NOW.minus(Duration.ofDays(30)), null);
  private static final HmacKey SECONDARY =
      new HmacKey("acme-2027", SECONDARY_SECRET, NOW.minus(Duration.ofDays(1)), null);
  private static final HmacKey RETIRED =
      new HmacKey(
          "acme-2025", RETIRED_SECRET, NOW.minus(Duration.ofDays(400)), NOW.minusSeconds(1));
  private static final HmacKey NOT_YET_VALID =
      new HmacKey("acme-2028", FUTURE_SECRET, NOW.plus(Duration.ofDays(1)), null);

  private final MutableClock clock = new MutableClock(NOW);
  private final HmacRequestVerifier verifier =
      new HmacRequestVerifier(
          partner ->
              partner.equals("acme")
                  ? List.of(PRIMARY, SECONDARY, RETIRED, NOT_YET_VALID)
                  : List.of(),
          clock);

  // The partner contract.

  @Test
  void verify_knownAnswerFromOpenssl_verified() {
    // openssl dgst -sha256 -mac HMAC -macopt hexkey:<PRIMARY_SECRET> over the signing string
    // "1767225600\nPOST\n/documents?format=ubl\n" + sha256sum of BODY.
    String mac = "ef2f4d5d5488953319947abdc8439f183fec1f654de5142771f16ba97ec86dc0";
    HttpRequestView request =
        request(Map.of(TIMESTAMP_HEADER, "1767225600", PRIMARY_SIGNATURE_HEADER, mac));

    assertVerified(verifier.verify(request, "acme"));
  }

  @Test
  void verify_primaryHeaderHex_verified() {
    assertVerified(verifier.verify(signed(PRIMARY_SECRET, PRIMARY_SIGNATURE_HEADER), "acme"));
  }

  @Test
  void verify_upperCaseHex_verified() {
    String mac = HexFormat.of().withUpperCase().formatHex(mac(PRIMARY_SECRET, epoch(NOW), BODY));
    HttpRequestView request =
        request(Map.of(TIMESTAMP_HEADER, epoch(NOW), PRIMARY_SIGNATURE_HEADER, mac));

    assertVerified(verifier.verify(request, "acme"));
  }

  @Test
  void verify_base64_verified() {
    String mac = Base64.getEncoder().encodeToString(mac(PRIMARY_SECRET, epoch(NOW), BODY));
    HttpRequestView request =
        request(Map.of(TIMESTAMP_HEADER, epoch(NOW), PRIMARY_SIGNATURE_HEADER, mac));

    assertVerified(verifier.verify(request, "acme"));
  }

  @Test
  void verify_verified_reportsKeyAndNoNonRepudiation() {
    VerifiedRequest verified =
        assertVerified(verifier.verify(signed(PRIMARY_SECRET, PRIMARY_SIGNATURE_HEADER), "acme"));

    assertEquals("countersign-hmac", verified.format());
    assertEquals("hmac-sha256", verified.algorithm());
    assertEquals("acme", verified.partnerId());
    assertEquals("acme-2026", verified.keyId());
    assertEquals(NOW, verified.created());
    assertFalse(verified.nonRepudiation());
    assertArrayEquals(mac(PRIMARY_SECRET, epoch(NOW), BODY), verified.signatureValue());
  }

  // Rotation.

  @Test
  void verify_secondaryKeyInSecondaryHeader_verified() {
    VerifiedRequest verified =
        assertVerified(
            verifier.verify(signed(SECONDARY_SECRET, SECONDARY_SIGNATURE_HEADER), "acme"));

    assertEquals("acme-2027", verified.keyId());
  }

  @Test
  void verify_secondaryKeyInPrimaryHeader_verified() {
    VerifiedRequest verified =
        assertVerified(verifier.verify(signed(SECONDARY_SECRET, PRIMARY_SIGNATURE_HEADER), "acme"));

    assertEquals("acme-2027", verified.keyId());
  }

  @Test
  void verify_bothHeaders_verified() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(TIMESTAMP_HEADER, epoch(NOW));
    headers.put(PRIMARY_SIGNATURE_HEADER, hexMac(PRIMARY_SECRET, epoch(NOW), BODY));
    headers.put(SECONDARY_SIGNATURE_HEADER, hexMac(SECONDARY_SECRET, epoch(NOW), BODY));

    assertVerified(verifier.verify(request(headers), "acme"));
  }

  @Test
  void verify_bothHeadersOnlySecondaryMatches_verified() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(TIMESTAMP_HEADER, epoch(NOW));
    headers.put(PRIMARY_SIGNATURE_HEADER, hexMac(secret(0x11), epoch(NOW), BODY));
    headers.put(SECONDARY_SIGNATURE_HEADER, hexMac(SECONDARY_SECRET, epoch(NOW), BODY));

    VerifiedRequest verified = assertVerified(verifier.verify(request(headers), "acme"));

    assertEquals("acme-2027", verified.keyId());
  }

  @Test
  void verify_keyPastItsWindow_rejected() {
    HttpRequestView request = signed(RETIRED_SECRET, PRIMARY_SIGNATURE_HEADER);

    assertRejected(RejectionReason.REQUEST_KEY_NOT_ACTIVE, verifier.verify(request, "acme"));
  }

  @Test
  void verify_keyBeforeItsWindow_rejected() {
    HttpRequestView request = signed(FUTURE_SECRET, SECONDARY_SIGNATURE_HEADER);

    assertRejected(RejectionReason.REQUEST_KEY_NOT_ACTIVE, verifier.verify(request, "acme"));
  }

  // Timestamps.

  @ParameterizedTest
  @ValueSource(longs = {-300, -1, 1, 300})
  void verify_clockSkewWithinTolerance_verified(long skewSeconds) {
    String timestamp = epoch(NOW.plusSeconds(skewSeconds));
    HttpRequestView request =
        request(
            Map.of(
                TIMESTAMP_HEADER,
                timestamp,
                PRIMARY_SIGNATURE_HEADER,
                hexMac(PRIMARY_SECRET, timestamp, BODY)));

    assertVerified(verifier.verify(request, "acme"));
  }

  @ParameterizedTest
  @ValueSource(longs = {-301, 301, -86_400, 86_400})
  void verify_clockSkewBeyondTolerance_rejected(long skewSeconds) {
    String timestamp = epoch(NOW.plusSeconds(skewSeconds));
    HttpRequestView request =
        request(
            Map.of(
                TIMESTAMP_HEADER,
                timestamp,
                PRIMARY_SIGNATURE_HEADER,
                hexMac(PRIMARY_SECRET, timestamp, BODY)));

    assertRejected(
        RejectionReason.REQUEST_TIMESTAMP_OUT_OF_WINDOW, verifier.verify(request, "acme"));
  }

  @Test
  void verify_customTolerance_applies() {
    HmacRequestVerifier strict =
        new HmacRequestVerifier(partner -> List.of(PRIMARY), clock, Duration.ofSeconds(10), 10);
    String timestamp = epoch(NOW.minusSeconds(11));
    HttpRequestView request =
        request(
            Map.of(
                TIMESTAMP_HEADER,
                timestamp,
                PRIMARY_SIGNATURE_HEADER,
                hexMac(PRIMARY_SECRET, timestamp, BODY)));

    assertRejected(RejectionReason.REQUEST_TIMESTAMP_OUT_OF_WINDOW, strict.verify(request, "acme"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-01-01T00:00:00Z", "1767225600.5", "-1767225600", "+1767225600", ""})
  void verify_timestampNotEpochSeconds_rejected(String timestamp) {
    HttpRequestView request =
        request(
            Map.of(
                TIMESTAMP_HEADER,
                timestamp,
                PRIMARY_SIGNATURE_HEADER,
                hexMac(PRIMARY_SECRET, timestamp, BODY)));

    assertRejected(RejectionReason.REQUEST_SIGNATURE_MALFORMED, verifier.verify(request, "acme"));
  }

  @Test
  void verify_timestampMissing_rejected() {
    HttpRequestView request =
        request(Map.of(PRIMARY_SIGNATURE_HEADER, hexMac(PRIMARY_SECRET, epoch(NOW), BODY)));

    assertRejected(RejectionReason.REQUEST_SIGNATURE_MISSING, verifier.verify(request, "acme"));
  }

  @Test
  void verify_timestampTwice_rejected() {
    String timestamp = epoch(NOW);
    HttpRequestView request =
        new HttpRequestView(
            "POST",
            URI,
            Map.of(
                TIMESTAMP_HEADER,
                List.of(timestamp, timestamp),
                PRIMARY_SIGNATURE_HEADER,
                List.of(hexMac(PRIMARY_SECRET, timestamp, BODY))),
            BODY);

    assertRejected(RejectionReason.REQUEST_SIGNATURE_MALFORMED, verifier.verify(request, "acme"));
  }

  // Signature headers.

  @Test
  void verify_noSignatureHeader_rejected() {
    HttpRequestView request = request(Map.of(TIMESTAMP_HEADER, epoch(NOW)));

    assertRejected(RejectionReason.REQUEST_SIGNATURE_MISSING, verifier.verify(request, "acme"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not a mac",
        "ef2f4d5d5488953319947abdc8439f183fec1f654de5142771f16ba97ec86d",
        "ef2f4d5d5488953319947abdc8439f183fec1f654de5142771f16ba97ec86dc0ff",
        "7y9NXVSIlTMZlHq9yEOfGD/sH2VN5RQncfFrqX7IbcA"
      })
  void verify_macNeitherHexNorBase64_rejected(String value) {
    HttpRequestView request =
        request(Map.of(TIMESTAMP_HEADER, epoch(NOW), PRIMARY_SIGNATURE_HEADER, value));

    assertRejected(RejectionReason.REQUEST_SIGNATURE_MALFORMED, verifier.verify(request, "acme"));
  }

  @Test
  void verify_unregisteredKey_rejected() {
    HttpRequestView request = signed(secret(0x22), PRIMARY_SIGNATURE_HEADER);

    assertRejected(RejectionReason.REQUEST_SIGNATURE_INVALID, verifier.verify(request, "acme"));
  }

  @Test
  void verify_partnerWithoutKeys_rejected() {
    HttpRequestView request = signed(PRIMARY_SECRET, PRIMARY_SIGNATURE_HEADER);

    assertRejected(RejectionReason.REQUEST_KEY_UNKNOWN, verifier.verify(request, "globex"));
  }

  @Test
  void verify_everyOneByteChangeOfMac_rejected() {
    byte[] mac = mac(PRIMARY_SECRET, epoch(NOW), BODY);
    for (int i = 0; i < mac.length; i++) {
      byte[] changed = mac.clone();
      changed[i] ^= 0x01;
      HttpRequestView request =
          request(
              Map.of(
                  TIMESTAMP_HEADER,
                  epoch(NOW),
                  PRIMARY_SIGNATURE_HEADER,
                  HexFormat.of().formatHex(changed)));

      assertRejected(RejectionReason.REQUEST_SIGNATURE_INVALID, verifier.verify(request, "acme"));
    }
  }

  // Covered parts of the request.

  @Test
  void verify_bodyChangedOneByte_rejected() {
    Map<String, List<String>> headers = fields(signedHeaders(PRIMARY_SECRET, BODY));
    byte[] changed = BODY.clone();
    changed[changed.length - 2] ^= 0x01;

    HttpRequestView request = new HttpRequestView("POST", URI, headers, changed);

    assertRejected(RejectionReason.REQUEST_SIGNATURE_INVALID, verifier.verify(request, "acme"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://intake.example/documents?format=json",
        "https://intake.example/documents",
        "https://intake.example/receipts?format=ubl"
      })
  void verify_targetChanged_rejected(String otherUri) {
    Map<String, List<String>> headers = fields(signedHeaders(PRIMARY_SECRET, BODY));
    HttpRequestView request = new HttpRequestView("POST", otherUri, headers, BODY);

    assertRejected(RejectionReason.REQUEST_SIGNATURE_INVALID, verifier.verify(request, "acme"));
  }

  @Test
  void verify_methodChanged_rejected() {
    Map<String, List<String>> headers = fields(signedHeaders(PRIMARY_SECRET, BODY));
    HttpRequestView request = new HttpRequestView("PUT", URI, headers, BODY);

    assertRejected(RejectionReason.REQUEST_SIGNATURE_INVALID, verifier.verify(request, "acme"));
  }

  @Test
  void verify_emptyBody_signsDigestOfNoBytes() {
    byte[] empty = new byte[0];
    HttpRequestView request =
        new HttpRequestView("POST", URI, fields(signedHeaders(PRIMARY_SECRET, empty)), empty);

    assertVerified(verifier.verify(request, "acme"));
  }

  // Replay.

  @Test
  void verify_sameRequestTwice_rejected() {
    HttpRequestView request = signed(PRIMARY_SECRET, PRIMARY_SIGNATURE_HEADER);
    assertVerified(verifier.verify(request, "acme"));

    clock.advance(Duration.ofSeconds(299));

    assertRejected(RejectionReason.REQUEST_REPLAYED, verifier.verify(request, "acme"));
  }

  @Test
  void verify_replayInOtherEncoding_rejected() {
    byte[] mac = mac(PRIMARY_SECRET, epoch(NOW), BODY);
    assertVerified(verifier.verify(signed(PRIMARY_SECRET, PRIMARY_SIGNATURE_HEADER), "acme"));

    HttpRequestView base64 =
        request(
            Map.of(
                TIMESTAMP_HEADER,
                epoch(NOW),
                SECONDARY_SIGNATURE_HEADER,
                Base64.getEncoder().encodeToString(mac)));

    assertRejected(RejectionReason.REQUEST_REPLAYED, verifier.verify(base64, "acme"));
  }

  @Test
  void verify_replayOfSecondHeaderAlone_rejected() {
    Map<String, String> both = new LinkedHashMap<>();
    both.put(TIMESTAMP_HEADER, epoch(NOW));
    both.put(PRIMARY_SIGNATURE_HEADER, hexMac(PRIMARY_SECRET, epoch(NOW), BODY));
    both.put(SECONDARY_SIGNATURE_HEADER, hexMac(SECONDARY_SECRET, epoch(NOW), BODY));
    assertVerified(verifier.verify(request(both), "acme"));

    HttpRequestView secondaryOnly = signed(SECONDARY_SECRET, SECONDARY_SIGNATURE_HEADER);

    assertRejected(RejectionReason.REQUEST_REPLAYED, verifier.verify(secondaryOnly, "acme"));
  }

  @Test
  void verify_replayAfterTolerance_outOfWindow() {
    HttpRequestView request = signed(PRIMARY_SECRET, PRIMARY_SIGNATURE_HEADER);
    assertVerified(verifier.verify(request, "acme"));

    clock.advance(Duration.ofSeconds(301));

    assertRejected(
        RejectionReason.REQUEST_TIMESTAMP_OUT_OF_WINDOW, verifier.verify(request, "acme"));
  }

  @Test
  void verify_rejectedRequest_notRecordedForReplay() {
    HttpRequestView unknownPartner = signed(PRIMARY_SECRET, PRIMARY_SIGNATURE_HEADER);
    assertRejected(RejectionReason.REQUEST_KEY_UNKNOWN, verifier.verify(unknownPartner, "globex"));

    assertVerified(verifier.verify(unknownPartner, "acme"));
  }

  @Test
  void verify_replayCacheFull_throws() {
    HmacRequestVerifier small =
        new HmacRequestVerifier(partner -> List.of(PRIMARY), clock, Duration.ofSeconds(300), 1);
    assertVerified(small.verify(signed(PRIMARY_SECRET, PRIMARY_SIGNATURE_HEADER), "acme"));

    HttpRequestView other =
        new HttpRequestView(
            "POST", URI, fields(signedHeaders(PRIMARY_SECRET, new byte[1])), new byte[1]);

    assertThrows(IllegalStateException.class, () -> small.verify(other, "acme"));
  }

  // Test data.

  static VerifiedRequest assertVerified(RequestVerificationOutcome outcome) {
    return assertInstanceOf(RequestVerificationOutcome.Verified.class, outcome, outcome::toString)
        .request();
  }

  static void assertRejected(RejectionReason expected, RequestVerificationOutcome outcome) {
    RequestVerificationOutcome.Rejected rejected =
        assertInstanceOf(RequestVerificationOutcome.Rejected.class, outcome, outcome::toString);
    assertEquals(expected, rejected.rejection().reason(), rejected.rejection().detail());
  }

  private static HttpRequestView signed(byte[] secret, String header) {
    return request(Map.of(TIMESTAMP_HEADER, epoch(NOW), header, hexMac(secret, epoch(NOW), BODY)));
  }

  private static Map<String, String> signedHeaders(byte[] secret, byte[] body) {
    return Map.of(
        TIMESTAMP_HEADER, epoch(NOW), PRIMARY_SIGNATURE_HEADER, hexMac(secret, epoch(NOW), body));
  }

  private static HttpRequestView request(Map<String, String> headers) {
    return new HttpRequestView("POST", URI, fields(headers), BODY);
  }

  private static Map<String, List<String>> fields(Map<String, String> headers) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    headers.forEach((name, value) -> fields.put(name, List.of(value)));
    return fields;
  }

  private static String hexMac(byte[] secret, String timestamp, byte[] body) {
    return HexFormat.of().formatHex(mac(secret, timestamp, body));
  }

  /** Computes the MAC from the partner contract, independently of the verifier's code. */
  private static byte[] mac(byte[] secret, String timestamp, byte[] body) {
    try {
      String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
      String signingString = timestamp + "\nPOST\n/documents?format=ubl\n" + bodyHash;
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(signingString.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String epoch(Instant instant) {
    return Long.toString(instant.getEpochSecond());
  }

  private static byte[] secret(int first) {
    byte[] secret = new byte[32];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (first + i);
    }
    return secret;
  }
}
