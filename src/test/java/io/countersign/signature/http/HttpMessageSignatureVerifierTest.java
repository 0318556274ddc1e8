package io.countersign.signature.http;

import static io.countersign.signature.http.HmacRequestVerifierTest.assertRejected;
import static io.countersign.signature.http.HmacRequestVerifierTest.assertVerified;
import static io.countersign.signature.http.TestHttpSigner.BODY;
import static io.countersign.signature.http.TestHttpSigner.TARGET_URI;
import static io.countersign.signature.http.TestHttpSigner.base64;
import static io.countersign.signature.http.TestHttpSigner.digest;
import static io.countersign.signature.http.TestHttpSigner.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer;
import io.countersign.platform.RejectionReason;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpMessageSignatureVerifierTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final long CREATED = NOW.getEpochSecond();

  private static final KeyPair ED25519 = generate("Ed25519");
  private static final KeyPair EC = CertificateIssuer.generateEcKeyPair();
  private static final KeyPair RSA = CertificateIssuer.generateRsaKeyPair(2048);
  private static final Key SECRET =
      new SecretKeySpec(
          new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
          },
          "HmacSHA256");

  private static final Map<String, HttpSignatureKey> KEYS =
      Map.of(
          "acme-ed25519",
          new HttpSignatureKey(
              "acme-ed25519",
              "acme",
              HttpSignatureAlgorithm.ED25519,
              ED25519.getPublic(),
              null,
              null),
          "acme-ec",
          new HttpSignatureKey(
              "acme-ec",
              "acme",
              HttpSignatureAlgorithm.ECDSA_P256_SHA256,
              EC.getPublic(),
              null,
              null),
          "acme-rsa",
          new HttpSignatureKey(
              "acme-rsa",
              "acme",
              HttpSignatureAlgorithm.RSA_PSS_SHA512,
              RSA.getPublic(),
              null,
              null),
          "acme-hmac",
          new HttpSignatureKey(
              "acme-hmac", "acme", HttpSignatureAlgorithm.HMAC_SHA256, SECRET, null, null),
          "acme-retired",
          new HttpSignatureKey(
              "acme-retired",
              "acme",
              HttpSignatureAlgorithm.ED25519,
              ED25519.getPublic(),
              NOW.minus(Duration.ofDays(400)),
              NOW.minus(Duration.ofDays(1))),
          "acme-future",
          new HttpSignatureKey(
              "acme-future",
              "acme",
              HttpSignatureAlgorithm.ED25519,
              ED25519.getPublic(),
              NOW.plus(Duration.ofDays(1)),
              null));

  private final MutableClock clock = new MutableClock(NOW);
  private final HttpMessageSignatureVerifier verifier =
      new HttpMessageSignatureVerifier(keyId -> Optional.ofNullable(KEYS.get(keyId)), clock);

  // Accepted signatures.

  @ParameterizedTest
  @EnumSource(HttpSignatureAlgorithm.class)
  void verify_eachAlgorithm_verified(HttpSignatureAlgorithm algorithm) {
    String keyId = keyIdFor(algorithm);
    Map<String, List<String>> headers =
        sign(
            algorithm, signingKey(algorithm), params(CREATED, keyId, algorithm.identifier()), BODY);

    VerifiedRequest verified = assertVerified(verifier.verify(request(headers, BODY)));

    assertEquals("http-message-signature", verified.format());
    assertEquals(algorithm.identifier(), verified.algorithm());
    assertEquals("acme", verified.partnerId());
    assertEquals(keyId, verified.keyId());
    assertEquals(NOW, verified.created());
    assertEquals(
        List.of("\"@method\"", "\"@target-uri\"", "\"content-digest\""),
        verified.coveredComponents());
    assertEquals(algorithm.isAsymmetric(), verified.nonRepudiation());
  }

  @Test
  void verify_hmac_noNonRepudiation() {
    Map<String, List<String>> headers =
        sign(HttpSignatureAlgorithm.HMAC_SHA256, SECRET, params(CREATED, "acme-hmac", null), BODY);

    assertFalse(assertVerified(verifier.verify(request(headers, BODY))).nonRepudiation());
  }

  @Test
  void verify_withoutAlgParameter_verified() {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);

    assertVerified(verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_sha512ContentDigest_verified() {
    String digest = "sha-512=:" + base64(digest("SHA-512", BODY)) + ":";
    String innerList =
        "(\"@method\" \"@target-uri\" \"content-digest\");created="
            + CREATED
            + ";keyid=\"acme-ed25519\"";
    String base =
        "\"@method\": POST\n\"@target-uri\": "
            + TARGET_URI
            + "\n\"content-digest\": "
            + digest
            + "\n\"@signature-params\": "
            + innerList;
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Digest", List.of(digest));
    headers.put("Signature-Input", List.of("sig1=" + innerList));
    headers.put(
        "Signature",
        List.of(
            "sig1=:"
                + base64(sign(HttpSignatureAlgorithm.ED25519, ED25519.getPrivate(), base))
                + ":"));

    assertVerified(verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_expiresInFuture_verified() {
    String params = params(CREATED, "acme-ed25519", null) + ";expires=" + (CREATED + 60);

    assertVerified(verifier.verify(request(signEd25519(params, BODY), BODY)));
  }

  @Test
  void verify_secondSignatureValid_verified() {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    headers.put(
        "Signature-Input",
        List.of(
            "bad=(\"@method\");created=" + CREATED + ";keyid=\"acme-ed25519\"",
            headers.get("Signature-Input").getFirst()));
    headers.put("Signature", List.of("bad=:AAAA:", headers.get("Signature").getFirst()));

    assertVerified(verifier.verify(request(headers, BODY)));
  }

  // Content-Digest.

  @Test
  void verify_bodyChangedOneByte_contentDigestMismatch() {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    byte[] changed = BODY.clone();
    changed[3] ^= 0x01;

    assertRejected(
        RejectionReason.CONTENT_DIGEST_MISMATCH, verifier.verify(request(headers, changed)));
  }

  @Test
  void verify_digestOnlyUnsupportedAlgorithm_rejected() {
    String digest = "md5=:" + base64(digest("MD5", BODY)) + ":";
    String innerList =
        "(\"@method\" \"@target-uri\" \"content-digest\");created="
            + CREATED
            + ";keyid=\"acme-ed25519\"";
    String base =
        "\"@method\": POST\n\"@target-uri\": "
            + TARGET_URI
            + "\n\"content-digest\": "
            + digest
            + "\n\"@signature-params\": "
            + innerList;
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Digest", List.of(digest));
    headers.put("Signature-Input", List.of("sig1=" + innerList));
    headers.put(
        "Signature",
        List.of(
            "sig1=:"
                + base64(sign(HttpSignatureAlgorithm.ED25519, ED25519.getPrivate(), base))
                + ":"));

    assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, verifier.verify(request(headers, BODY)));
  }

  // Signature fields.

  @Test
  void verify_unsigned_rejectedMissing() {
    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_MISSING, verifier.verify(request(Map.of(), BODY)));
  }

  @Test
  void verify_signatureMemberMissing_rejected() {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    headers.put("Signature", List.of("other=:AAAA:"));

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_MISSING, verifier.verify(request(headers, BODY)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sig1=(\"@method\"",
        "sig1=(\"@method\");created=1.5",
        "Sig1=()",
        "sig1=(\"@method\"),",
        "sig1=(@method)"
      })
  void verify_signatureInputNotStructured_rejected(String signatureInput) {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    headers.put("Signature-Input", List.of(signatureInput));

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_MALFORMED, verifier.verify(request(headers, BODY)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sig1=\"not a list\"",
        "sig1=(\"@method\" \"@target-uri\" \"content-digest\""
            + " \"@method\");created=1767225600;keyid=\"acme-ed25519\"",
        "sig1=(\"@method\" \"@target-uri\""
            + " \"Content-Digest\");created=1767225600;keyid=\"acme-ed25519\"",
        "sig1=(\"@method\" \"@target-uri\""
            + " \"content-digest\");created=\"1767225600\";keyid=\"acme-ed25519\"",
        "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1767225600",
        "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1767225600;keyid=acme"
      })
  void verify_signatureInputInvalidMember_rejected(String signatureInput) {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    headers.put("Signature-Input", List.of(signatureInput));

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_MALFORMED, verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_signatureNotByteSequence_rejected() {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    headers.put("Signature", List.of("sig1=\"abc\""));

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_MALFORMED, verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_everyOneByteChangeOfSignature_rejected() {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    String value = headers.get("Signature").getFirst();
    byte[] signature = java.util.Base64.getDecoder().decode(value.substring(6, value.length() - 1));

    for (int i = 0; i < signature.length; i++) {
      byte[] changed = signature.clone();
      changed[i] ^= 0x01;
      headers.put("Signature", List.of("sig1=:" + base64(changed) + ":"));

      assertRejected(
          RejectionReason.REQUEST_SIGNATURE_INVALID, verifier.verify(request(headers, BODY)));
    }
  }

  // Coverage.

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(\"@target-uri\" \"content-digest\")",
        "(\"@method\" \"content-digest\")",
        "(\"@method\" \"@target-uri\")",
        "()"
      })
  void verify_requiredComponentNotCovered_rejected(String components) {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    headers.put(
        "Signature-Input", List.of("sig1=" + components + params(CREATED, "acme-ed25519", null)));

    assertRejected(
        RejectionReason.COVERED_COMPONENTS_INSUFFICIENT, verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_createdMissing_rejected() {
    Map<String, List<String>> headers = signEd25519(";keyid=\"acme-ed25519\"", BODY);

    assertRejected(
        RejectionReason.COVERED_COMPONENTS_INSUFFICIENT, verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_policyRequiresContentType_rejected() {
    Set<String> required = Set.of("@method", "@target-uri", "content-digest", "content-type");
    HttpMessageSignatureVerifier strict =
        new HttpMessageSignatureVerifier(
            keyId -> Optional.ofNullable(KEYS.get(keyId)),
            clock,
            new HttpSignaturePolicy(required, Duration.ofSeconds(300), Duration.ofSeconds(60), 10));
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);

    assertRejected(
        RejectionReason.COVERED_COMPONENTS_INSUFFICIENT, strict.verify(request(headers, BODY)));
  }

  @Test
  void policy_withoutMinimumComponents_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new HttpSignaturePolicy(
                Set.of("@method", "content-digest"),
                Duration.ofSeconds(300),
                Duration.ofSeconds(60),
                10));
  }

  @Test
  void verify_coveredHeaderAbsent_rejected() {
    String innerList =
        "(\"@method\" \"@target-uri\" \"content-digest\" \"content-type\")"
            + params(CREATED, "acme-ed25519", null);
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    headers.put("Signature-Input", List.of("sig1=" + innerList));

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_INVALID, verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_unsupportedDerivedComponent_rejected() {
    String innerList =
        "(\"@method\" \"@target-uri\" \"content-digest\" \"@status\")"
            + params(CREATED, "acme-ed25519", null);
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    headers.put("Signature-Input", List.of("sig1=" + innerList));

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_INVALID, verifier.verify(request(headers, BODY)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://intake.example/documents?format=json",
        "https://intake.example:8443/documents?format=ubl",
        "http://intake.example/documents?format=ubl"
      })
  void verify_otherTargetUri_rejected(String targetUri) {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_INVALID,
        verifier.verify(new HttpRequestView("POST", targetUri, headers, BODY)));
  }

  @Test
  void verify_otherMethod_rejected() {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_INVALID,
        verifier.verify(new HttpRequestView("PUT", TARGET_URI, headers, BODY)));
  }

  // Keys and algorithms.

  @Test
  void verify_unknownKeyId_rejected() {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "globex-ed25519", null), BODY);

    assertRejected(RejectionReason.REQUEST_KEY_UNKNOWN, verifier.verify(request(headers, BODY)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme-retired", "acme-future"})
  void verify_keyOutsideWindow_rejected(String keyId) {
    Map<String, List<String>> headers = signEd25519(params(CREATED, keyId, null), BODY);

    assertRejected(RejectionReason.REQUEST_KEY_NOT_ACTIVE, verifier.verify(request(headers, BODY)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hmac-sha256", "ecdsa-p256-sha256", "rsa-v1_5-sha256", "none"})
  void verify_algNotTheKeys_rejected(String alg) {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", alg), BODY);

    assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_hmacOverPublicKeyBytes_rejected() {
    // Algorithm confusion: an HMAC keyed with the public key must not pass as ed25519.
    Key confused = new SecretKeySpec(ED25519.getPublic().getEncoded(), "HmacSHA256");
    Map<String, List<String>> headers =
        sign(
            HttpSignatureAlgorithm.HMAC_SHA256,
            confused,
            params(CREATED, "acme-ed25519", null),
            BODY);

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_INVALID, verifier.verify(request(headers, BODY)));
  }

  @Test
  void key_wrongTypeForAlgorithm_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new HttpSignatureKey(
                "k", "acme", HttpSignatureAlgorithm.ED25519, EC.getPublic(), null, null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new HttpSignatureKey(
                "k",
                "acme",
                HttpSignatureAlgorithm.RSA_PSS_SHA512,
                CertificateIssuer.generateRsaKeyPair(1024).getPublic(),
                null,
                null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new HttpSignatureKey(
                "k",
                "acme",
                HttpSignatureAlgorithm.HMAC_SHA256,
                new SecretKeySpec(new byte[16], "HmacSHA256"),
                null,
                null));
  }

  // Time.

  @Test
  void verify_expiresPassed_rejected() {
    String params = params(CREATED - 120, "acme-ed25519", null) + ";expires=" + (CREATED - 1);

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_EXPIRED,
        verifier.verify(request(signEd25519(params, BODY), BODY)));
  }

  @Test
  void verify_olderThanMaxAge_rejected() {
    Map<String, List<String>> headers =
        signEd25519(params(CREATED - 301, "acme-ed25519", null), BODY);

    assertRejected(
        RejectionReason.REQUEST_SIGNATURE_EXPIRED, verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_atMaxAge_verified() {
    Map<String, List<String>> headers =
        signEd25519(params(CREATED - 300, "acme-ed25519", null), BODY);

    assertVerified(verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_createdWithinClockSkew_verified() {
    Map<String, List<String>> headers =
        signEd25519(params(CREATED + 60, "acme-ed25519", null), BODY);

    assertVerified(verifier.verify(request(headers, BODY)));
  }

  @Test
  void verify_createdBeyondClockSkew_rejected() {
    Map<String, List<String>> headers =
        signEd25519(params(CREATED + 61, "acme-ed25519", null), BODY);

    assertRejected(
        RejectionReason.REQUEST_TIMESTAMP_OUT_OF_WINDOW, verifier.verify(request(headers, BODY)));
  }

  // Replay.

  @Test
  void verify_sameSignatureTwice_rejected() {
    HttpRequestView request =
        request(signEd25519(params(CREATED, "acme-ed25519", null), BODY), BODY);
    assertVerified(verifier.verify(request));

    clock.advance(Duration.ofSeconds(300));

    assertRejected(RejectionReason.REQUEST_REPLAYED, verifier.verify(request));
  }

  @Test
  void verify_replayAfterMaxAge_rejectedExpired() {
    HttpRequestView request =
        request(signEd25519(params(CREATED, "acme-ed25519", null), BODY), BODY);
    assertVerified(verifier.verify(request));

    clock.advance(Duration.ofSeconds(301));

    assertRejected(RejectionReason.REQUEST_SIGNATURE_EXPIRED, verifier.verify(request));
  }

  @Test
  void verify_rejectedSignature_notRecordedForReplay() {
    Map<String, List<String>> headers = signEd25519(params(CREATED, "acme-ed25519", null), BODY);
    byte[] changed = BODY.clone();
    changed[0] ^= 0x01;
    assertRejected(
        RejectionReason.CONTENT_DIGEST_MISMATCH, verifier.verify(request(headers, changed)));

    assertVerified(verifier.verify(request(headers, BODY)));
  }

  // Request view.

  @Test
  void requestView_multipleFieldLines_combined() {
    // Insertion order, because the combined value follows the order in which lines arrived.
    Map<String, List<String>> fields = new LinkedHashMap<>();
    fields.put("Accept", List.of(" text/plain ", "application/json\t"));
    fields.put("accept", List.of("*/*"));
    HttpRequestView request = new HttpRequestView("POST", TARGET_URI, fields, BODY);

    assertEquals(Optional.of("text/plain, application/json, */*"), request.combinedField("ACCEPT"));
  }

  @Test
  void requestView_relativeTargetUri_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new HttpRequestView("POST", "/documents", Map.of(), BODY));
  }

  @Test
  void requestView_body_copied() {
    byte[] body = BODY.clone();
    HttpRequestView request = new HttpRequestView("POST", TARGET_URI, Map.of(), body);
    body[0] = 'x';

    assertTrue(java.util.Arrays.equals(BODY, request.body()));
  }

  // Test data.

  private static String params(long created, String keyId, String alg) {
    return ";created="
        + created
        + ";keyid=\""
        + keyId
        + "\""
        + (alg == null ? "" : ";alg=\"" + alg + "\"");
  }

  private static Map<String, List<String>> signEd25519(String params, byte[] body) {
    return sign(HttpSignatureAlgorithm.ED25519, ED25519.getPrivate(), params, body);
  }

  private static HttpRequestView request(Map<String, List<String>> headers, byte[] body) {
    return new HttpRequestView("POST", TARGET_URI, headers, body);
  }

  private static String keyIdFor(HttpSignatureAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519 -> "acme-ed25519";
      case ECDSA_P256_SHA256 -> "acme-ec";
      case RSA_PSS_SHA512 -> "acme-rsa";
      case HMAC_SHA256 -> "acme-hmac";
    };
  }

  private static Key signingKey(HttpSignatureAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519 -> ED25519.getPrivate();
      case ECDSA_P256_SHA256 -> EC.getPrivate();
      case RSA_PSS_SHA512 -> RSA.getPrivate();
      case HMAC_SHA256 -> SECRET;
    };
  }

  private static KeyPair generate(String algorithm) {
    try {
      return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
