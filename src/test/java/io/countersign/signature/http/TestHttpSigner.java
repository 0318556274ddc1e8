package io.countersign.signature.http;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;

/**
 * Signs test requests as RFC 9421 describes, written apart from the verifier's code so that the
 * tests do not check the verifier against itself. Component values are given by the test.
 */
final class TestHttpSigner {

  static final String TARGET_URI = "https://intake.example/documents?format=ubl";
  static final byte[] BODY = "{\"invoice\":\"INV-1\"}".getBytes(StandardCharsets.UTF_8);

  private TestHttpSigner() {}

  /** Returns the Content-Digest value for {@code body} with sha-256. */
  static String contentDigest(byte[] body) {
    return "sha-256=:" + base64(digest("SHA-256", body)) + ":";
  }

  /**
   * Returns the headers of a POST to {@link #TARGET_URI} signed under label {@code sig1}, covering
   * {@code @method}, {@code @target-uri} and {@code content-digest}, plus the extra header fields.
   */
  static Map<String, List<String>> sign(
      HttpSignatureAlgorithm algorithm, Key key, String parameters, byte[] body) {
    String digest = contentDigest(body);
    String innerList = "(\"@method\" \"@target-uri\" \"content-digest\")" + parameters;
    String base =
        "\"@method\": POST\n"
            + "\"@target-uri\": "
            + TARGET_URI
            + "\n"
            + "\"content-digest\": "
            + digest
            + "\n"
            + "\"@signature-params\": "
            + innerList;

    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Digest", List.of(digest));
    headers.put("Signature-Input", List.of("sig1=" + innerList));
    headers.put("Signature", List.of("sig1=:" + base64(sign(algorithm, key, base)) + ":"));
    return headers;
  }

  /** Signs {@code base} in UTF-8 with the algorithm's JCA equivalent. */
  static byte[] sign(HttpSignatureAlgorithm algorithm, Key key, String base) {
    byte[] data = base.getBytes(StandardCharsets.UTF_8);
    try {
      return switch (algorithm) {
        case RSA_PSS_SHA512 -> {
          Signature signer = Signature.getInstance("RSASSA-PSS");
          signer.setParameter(
              new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));
          yield signWith(signer, key, data);
        }
        case ECDSA_P256_SHA256 ->
            signWith(Signature.getInstance("SHA256withECDSAinP1363Format"), key, data);
        case ED25519 -> signWith(Signature.getInstance("Ed25519"), key, data);
        case HMAC_SHA256 -> {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(key);
          yield mac.doFinal(data);
        }
      };
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] signWith(Signature signer, Key key, byte[] data) throws Exception {
    signer.initSign((PrivateKey) key);
    signer.update(data);
    return signer.sign();
  }

  static byte[] digest(String algorithm, byte[] body) {
    try {
      return MessageDigest.getInstance(algorithm).digest(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
