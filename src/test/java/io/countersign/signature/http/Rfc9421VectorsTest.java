package io.countersign.signature.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.http.StructuredFields.Member;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The examples of RFC 9421 Appendix B: its test keys (B.1), its test request (B.2) and the
 * signatures of B.2.1 to B.2.6. The values are copied from the RFC, with the RFC 8792 line wrapping
 * undone.
 *
 * <p>None of the examples covers {@code @target-uri}, so they run below the verifier's coverage
 * policy: each test builds the signature base from the Signature-Input, compares it with the base
 * printed in the RFC and verifies the RFC's signature over it.
 */
class Rfc9421VectorsTest {

  /** RFC 9421 Appendix B.1.2, test-key-rsa-pss (public key). */
  private static final String TEST_KEY_RSA_PSS =
      "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr4tmm3r20Wd/PbqvP1s2"
          + "+QEtvpuRaV8Yq40gjUR8y2Rjxa6dpG2GXHbPfvMs8ct+Lh1GH45x28Rw3Ry53mm+"
          + "oAXjyQ86OnDkZ5N8lYbggD4O3w6M6pAvLkhk95AndTrifbIFPNU8PPMO7OyrFAHq"
          + "gDsznjPFmTOtCEcN2Z1FpWgchwuYLPL+Wokqltd11nqqzi+bJ9cvSKADYdUAAN5W"
          + "Utzdpiy6LbTgSxP7ociU4Tn0g5I6aDZJ7A8Lzo0KSyZYoA485mqcO0GVAdVw9lq4"
          + "aOT9v6d+nb4bnNkQVklLQ3fVAvJm+xdDOp9LCNCN48V2pnDOkFV6+U9nV5oyc6XI"
          + "2wIDAQAB";

  /** RFC 9421 Appendix B.1.3, test-key-ecc-p256 (public key). */
  private static final String TEST_KEY_ECC_P256 =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf"
          + "w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==";

  /** RFC 9421 Appendix B.1.4, test-key-ed25519 (public key). */
  private static final String TEST_KEY_ED25519 =
      "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=";

  /** RFC 9421 Appendix B.1.5, test-shared-secret. */
  private static final String TEST_SHARED_SECRET =
      "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBt"
          + "bmHhIDi6pcl8jsasjlTMtDQ==";

  /** The Content-Digest of the RFC 9421 Appendix B.2 test-request. */
  private static final String TEST_REQUEST_DIGEST =
      "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

  /** RFC 9421 Appendix B.2, test-request, sent to https://example.com. */
  private static final HttpRequestView TEST_REQUEST =
      new HttpRequestView(
          "POST",
          "https://example.com/foo?param=Value&Pet=dog",
          Map.of(
              "Host", List.of("example.com"),
              "Date", List.of("Tue, 20 Apr 2021 02:07:55 GMT"),
              "Content-Type", List.of("application/json"),
              "Content-Digest", List.of(TEST_REQUEST_DIGEST),
              "Content-Length", List.of("18")),
          "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8));

  @Test
  void b21_minimalRsaPss_verifies() throws Exception {
    String input =
        "sig-b21=();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"";
    String base =
        "\"@signature-params\": ();created=1618884473;keyid=\"test-key-rsa-pss\""
            + ";nonce=\"b3k2pp5k7z-50gnwp.yemd\"";
    String signature =
        "d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopemLJcWDy/lkbbHAve4cRAtx31Iq786U7it++wgGxbtRx"
            + "f8Udx7zFZsckzXaJMkA7ChG52eSkFxykJeNqsrWH5S+oxNFlD4dzVuwe8DhTSja8xxbR/Z2cOGdCbzR72rgFWh"
            + "zx2VjBqJzsPLMIQKhO4DGezXehhWwE56YCE+O6c0mKZsfxVrogUvA4HELjVKWmAvtl6UnCh8jYzuVG5WSb/QEV"
            + "PnP5TmcAnLH1g+s++v6d4s8m0gCw1fV5/SITLq9mhho8K3+7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98Xw9Q==";

    assertEquals(base, signatureBase(input));
    assertVerifies(
        HttpSignatureAlgorithm.RSA_PSS_SHA512, publicKey("RSA", TEST_KEY_RSA_PSS), base, signature);
  }

  @Test
  void b22_queryParam_notSupported() throws Exception {
    String input =
        "sig-b22=(\"@authority\" \"content-digest\" \"@query-param\";name=\"Pet\")"
            + ";created=1618884473;keyid=\"test-key-rsa-pss\";tag=\"header-example\"";
    String base =
        "\"@authority\": example.com\n"
            + "\"content-digest\": "
            + TEST_REQUEST_DIGEST
            + "\n"
            + "\"@query-param\";name=\"Pet\": dog\n"
            + "\"@signature-params\": (\"@authority\" \"content-digest\""
            + " \"@query-param\";name=\"Pet\")"
            + ";created=1618884473;keyid=\"test-key-rsa-pss\";tag=\"header-example\"";
    String signature =
        "LjbtqUbfmvjj5C5kr1Ugj4PmLYvx9wVjZvD9GsTT4F7GrcQEdJzgI9qHxICagShLRiLMlAJjtq6N4CDfKtjvuJyE5"
            + "qH7KT8UCMkSowOB4+ECxCmT8rtAmj/0PIXxi0A0nxKyB09RNrCQibbUjsLS/2YyFYXEu4TRJQzRw1rLEuEfY17"
            + "SARYhpTlaqwZVtR8NV7+4UKkjqpcAoFqWFQh62s7Cl+H2fjBSpqfZUJcsIk4N6wiKYd4je2U/lankenQ99PZfB4"
            + "jY3I5rSV2DSBVkSFsURIjYErOs0tFTQosMTAoxk//0RoKUqiYY8Bh0aaUEb0rQl3/XaVe4bXTugEjHSw==";

    RequestRejection rejection = assertThrows(RequestRejection.class, () -> signatureBase(input));

    assertEquals(RejectionReason.REQUEST_SIGNATURE_INVALID, rejection.rejection().reason());
    assertVerifies(
        HttpSignatureAlgorithm.RSA_PSS_SHA512, publicKey("RSA", TEST_KEY_RSA_PSS), base, signature);
  }

  @Test
  void b23_fullCoverageRsaPss_verifies() throws Exception {
    String input =
        "sig-b23=(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\""
            + " \"content-digest\""
            + " \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"";
    String base =
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
            + "\"@method\": POST\n"
            + "\"@path\": /foo\n"
            + "\"@query\": ?param=Value&Pet=dog\n"
            + "\"@authority\": example.com\n"
            + "\"content-type\": application/json\n"
            + "\"content-digest\": "
            + TEST_REQUEST_DIGEST
            + "\n"
            + "\"content-length\": 18\n"
            + "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@query\" \"@authority\""
            + " \"content-type\" \"content-digest\" \"content-length\");created=1618884473"
            + ";keyid=\"test-key-rsa-pss\"";
    String signature =
        "bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/5MR6fb0Kh1rIRASVxFkeGt683+qRpR"
            + "RU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/yPViV7KsLNmvKiLJH"
            + "1pFkh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9BmzhuzF8Eim5f8ui"
            + "9eH8LZH896+QIF61ka39VBrohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4cUA==";

    assertEquals(base, signatureBase(input));
    assertVerifies(
        HttpSignatureAlgorithm.RSA_PSS_SHA512, publicKey("RSA", TEST_KEY_RSA_PSS), base, signature);
  }

  @Test
  void b24_ecdsaP256Response_verifies() throws Exception {
    // A response signature: the verifier does not derive @status, so the printed base is used.
    String base =
        "\"@status\": 200\n"
            + "\"content-type\": application/json\n"
            + "\"content-digest\":"
            + " sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:\n"
            + "\"content-length\": 23\n"
            + "\"@signature-params\": (\"@status\" \"content-type\" \"content-digest\""
            + " \"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"";
    String signature =
        "wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==";

    assertVerifies(
        HttpSignatureAlgorithm.ECDSA_P256_SHA256,
        publicKey("EC", TEST_KEY_ECC_P256),
        base,
        signature);
  }

  @Test
  void b25_hmacSha256_verifies() throws Exception {
    String input =
        "sig-b25=(\"date\" \"@authority\" \"content-type\");created=1618884473"
            + ";keyid=\"test-shared-secret\"";
    String base =
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
            + "\"@authority\": example.com\n"
            + "\"content-type\": application/json\n"
            + "\"@signature-params\": (\"date\" \"@authority\" \"content-type\");created=1618884473"
            + ";keyid=\"test-shared-secret\"";
    String signature = "pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=";
    Key secret = new SecretKeySpec(Base64.getDecoder().decode(TEST_SHARED_SECRET), "HmacSHA256");

    assertEquals(base, signatureBase(input));
    assertVerifies(HttpSignatureAlgorithm.HMAC_SHA256, secret, base, signature);
  }

  @Test
  void b26_ed25519_verifies() throws Exception {
    String input =
        "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\""
            + " \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    String base =
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
            + "\"@method\": POST\n"
            + "\"@path\": /foo\n"
            + "\"@authority\": example.com\n"
            + "\"content-type\": application/json\n"
            + "\"content-length\": 18\n"
            + "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\""
            + " \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    String signature =
        "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";

    assertEquals(base, signatureBase(input));
    assertVerifies(
        HttpSignatureAlgorithm.ED25519, publicKey("Ed25519", TEST_KEY_ED25519), base, signature);
  }

  @Test
  void testRequest_contentDigest_matchesBody() throws Exception {
    ContentDigest.verify(TEST_REQUEST);
  }

  @Test
  void b26_changedBase_fails() throws Exception {
    String base =
        "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\""
            + " \"content-length\");created=1618884474;keyid=\"test-key-ed25519\"";
    byte[] signature =
        Base64.getDecoder()
            .decode(
                "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==");

    assertFalse(
        HttpSignatureAlgorithm.ED25519.verify(
            publicKey("Ed25519", TEST_KEY_ED25519),
            base.getBytes(StandardCharsets.UTF_8),
            signature));
  }

  /** Parses one Signature-Input dictionary member and builds its base over the test request. */
  private static String signatureBase(String signatureInput) throws Exception {
    Map<String, Member> members = StructuredFieldParser.parseDictionary(signatureInput);
    Map.Entry<String, Member> member = members.entrySet().iterator().next();
    SignatureInput input = SignatureInput.of(member.getKey(), member.getValue());
    return new String(SignatureBase.create(input, TEST_REQUEST), StandardCharsets.UTF_8);
  }

  private static void assertVerifies(
      HttpSignatureAlgorithm algorithm, Key key, String base, String signature) {
    assertTrue(algorithm.accepts(key), "key type");
    assertTrue(
        algorithm.verify(
            key, base.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(signature)));
  }

  private static Key publicKey(String algorithm, String spki) throws Exception {
    return KeyFactory.getInstance(algorithm)
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(spki)));
  }
}
