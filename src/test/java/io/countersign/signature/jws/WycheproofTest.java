package io.countersign.signature.jws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import io.countersign.signature.VerificationOutcome;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs Wycheproof vectors through the verifier's own checks.
 *
 * <p>The signature vectors sign raw messages, not JWS signing inputs, so they go through {@link
 * SignatureCheck}, the step that {@link JwsVerifier} runs for every signature: the message is used
 * as the signing input and the signature value as is. The JWS vectors are compact JWS and go
 * through {@link JwsVerifier#verifyCompact} with the vector's key registered to a partner.
 *
 * <p>A vector marked "acceptable" may pass or fail; the test records which. Skipped vectors are
 * counted with their reason. Each file prints how many vectors ran, passed and were skipped.
 */
class WycheproofTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void signatureCheck_ecdsaP256P1363Vectors_expectedVerdicts() {
    assertSignatureVectors("ecdsa_secp256r1_sha256_p1363_test.json", "EC", JWSAlgorithm.ES256);
  }

  @Test
  void signatureCheck_ecdsaP384P1363Vectors_expectedVerdicts() {
    assertSignatureVectors("ecdsa_secp384r1_sha384_p1363_test.json", "EC", JWSAlgorithm.ES384);
  }

  @Test
  void signatureCheck_rsaPkcs1Sha256Vectors_expectedVerdicts() {
    assertSignatureVectors("rsa_signature_2048_sha256_test.json", "RSA", JWSAlgorithm.RS256);
  }

  @Test
  void signatureCheck_rsaPssSha256Vectors_expectedVerdicts() {
    assertSignatureVectors("rsa_pss_2048_sha256_mgf1_32_test.json", "RSA", JWSAlgorithm.PS256);
  }

  @Test
  void signatureCheck_ed25519Vectors_expectedVerdicts() {
    assertSignatureVectors("ed25519_test.json", "Ed25519", JWSAlgorithm.EdDSA);
  }

  @Test
  void verifyCompact_jsonWebSignatureVectors_expectedVerdicts() {
    String file = "json_web_signature_test.json";
    Tally tally = new Tally(file);
    JwsVerifier verifier = new JwsVerifier(Clock.fixed(JwsTestPki.NOW, ZoneOffset.UTC));
    JwsPolicy policy = JwsPolicy.defaults().allowHmacAlgorithms().allowMissingIat();

    for (JsonValue groupValue : vectors(file).getJsonArray("testGroups")) {
      JsonObject group = groupValue.asJsonObject();
      JWK key = ExampleKeys.parse(groupKey(group).toString());
      String unusable = unusableForSignatures(key);
      TestSignerDirectory directory =
          ExampleKeys.register(new TestSignerDirectory(List.of(), List.of()), "wycheproof", key);

      Set<String> validJws = validJws(group);
      for (JsonValue testValue : group.getJsonArray("tests")) {
        JsonObject test = testValue.asJsonObject();
        String skip = unusable != null ? unusable : deliberateDeviation(test, key, validJws);
        if (skip != null) {
          tally.skip(test, skip);
          continue;
        }

        VerificationOutcome outcome =
            verifier.verifyCompact(jwsText(test), "wycheproof", directory, policy);
        tally.record(test, outcome instanceof VerificationOutcome.Verified);
      }
    }
    tally.assertAllPassed();
  }

  private static void assertSignatureVectors(
      String file, String keyAlgorithm, JWSAlgorithm algorithm) {
    Tally tally = new Tally(file);
    JWSHeader header = new JWSHeader(algorithm);

    for (JsonValue groupValue : vectors(file).getJsonArray("testGroups")) {
      JsonObject group = groupValue.asJsonObject();
      String unsupported = unsupportedGroup(group);
      PublicKey key = unsupported == null ? groupPublicKey(group, keyAlgorithm) : null;

      for (JsonValue testValue : group.getJsonArray("tests")) {
        JsonObject test = testValue.asJsonObject();
        if (key == null) {
          tally.skip(test, unsupported != null ? unsupported : "public key rejected by the JDK");
          continue;
        }
        tally.record(test, checks(header, test, key));
      }
    }
    tally.assertAllPassed();
  }

  private static boolean checks(JWSHeader header, JsonObject test, PublicKey key) {
    byte[] message = HEX.parseHex(test.getString("msg"));
    byte[] signature = HEX.parseHex(test.getString("sig"));
    try {
      return SignatureCheck.verify(header, message, signature, key) == SignatureCheck.Result.VALID;
    } catch (JwsRejection e) {
      return false;
    }
  }

  /** Returns why a PSS group does not match PS256 (SHA-256, MGF1 with SHA-256, 32-byte salt). */
  private static String unsupportedGroup(JsonObject group) {
    if (!group.containsKey("sLen")) {
      return null;
    }
    boolean ps256 =
        "SHA-256".equals(group.getString("sha"))
            && "SHA-256".equals(group.getString("mgfSha"))
            && "32".equals(String.valueOf(group.get("sLen")).replace("\"", ""));
    return ps256 ? null : "PSS parameters other than PS256's";
  }

  private static PublicKey groupPublicKey(JsonObject group, String keyAlgorithm) {
    try {
      return JoseConformance.publicKey(keyAlgorithm, HEX.parseHex(group.getString("publicKeyDer")));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static JsonObject groupKey(JsonObject group) {
    return group.containsKey("public")
        ? group.getJsonObject("public")
        : group.getJsonObject("private");
  }

  /**
   * Returns why a key cannot stand for a registered signing key: the JWK marks it for encryption.
   * Registrations carry no JWK use or key_ops, so the vectors that test those are skipped.
   */
  private static String unusableForSignatures(JWK key) {
    boolean encryptionUse = KeyUse.ENCRYPTION.equals(key.getKeyUse());
    boolean noVerifyOperation =
        key.getKeyOperations() != null
            && key.getKeyOperations().stream().noneMatch(op -> op.identifier().equals("verify"));
    return encryptionUse || noVerifyOperation
        ? "JWK use or key_ops, which registered certificates do not carry"
        : null;
  }

  /** Returns why a vector's verdict does not apply to this verifier, or null if it applies. */
  private static String deliberateDeviation(JsonObject test, JWK key, Set<String> validJws) {
    String jws = new String(jwsText(test), StandardCharsets.UTF_8);
    boolean valid = "valid".equals(test.getString("result"));

    // Wycheproof accepts a character outside base64url inside a part, because the signature
    // covers the part as sent. RFC 7515 section 2 allows no such character.
    if (valid && test.getString("comment").startsWith("InvalidCharacterInserted")) {
      return "strict base64url rejects characters that Wycheproof lets the signature cover";
    }
    // The compact form here carries the document, so an empty payload part means detached.
    if (valid && jws.contains("..")) {
      return "an empty payload part is read as a detached payload";
    }
    // The JWK restricts the key to another algorithm, but registrations carry no such restriction.
    String algorithm = alg(jws);
    boolean wrongPrimitive = test.getJsonArray("flags").toString().contains("WrongPrimitive");
    if (wrongPrimitive
        && algorithm != null
        && key.getAlgorithm() != null
        && !key.getAlgorithm().getName().equals(algorithm)) {
      return "JWK alg restriction, which registered certificates do not carry";
    }
    // Some padding vectors are byte for byte a valid vector of the same group.
    if (!valid && validJws.contains(jws)) {
      return "identical to a vector marked valid";
    }
    return null;
  }

  private static Set<String> validJws(JsonObject group) {
    Set<String> valid = new HashSet<>();
    for (JsonValue testValue : group.getJsonArray("tests")) {
      JsonObject test = testValue.asJsonObject();
      if ("valid".equals(test.getString("result"))) {
        valid.add(new String(jwsText(test), StandardCharsets.UTF_8));
      }
    }
    return valid;
  }

  private static String alg(String jws) {
    try {
      return JOSEObject.parse(jws).getHeader().getAlgorithm().getName();
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }

  private static byte[] jwsText(JsonObject test) {
    JsonValue jws = test.get("jws");
    String text =
        jws.getValueType() == JsonValue.ValueType.STRING ? test.getString("jws") : jws.toString();
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject vectors(String file) {
    return JoseConformance.json(JoseConformance.WYCHEPROOF.resolve(file));
  }

  /** Counts the vectors of one file and prints the count when asserted. */
  private static final class Tally {

    private final String file;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> skipped = new TreeMap<>();
    private int ran;
    private int passed;
    private int acceptableAccepted;
    private int acceptableRejected;

    Tally(String file) {
      this.file = file;
    }

    void record(JsonObject test, boolean accepted) {
      ran++;
      String expected = test.getString("result");
      if (expected.equals("acceptable")) {
        passed++;
        if (accepted) {
          acceptableAccepted++;
        } else {
          acceptableRejected++;
        }
        return;
      }

      if (accepted == expected.equals("valid")) {
        passed++;
      } else {
        failures.add(
            "tcId "
                + test.getInt("tcId")
                + " ("
                + test.getString("comment")
                + "): expected "
                + expected
                + ", but "
                + (accepted ? "accepted" : "rejected"));
      }
    }

    void skip(JsonObject test, String reason) {
      skipped.merge(reason, 1, Integer::sum);
    }

    void assertAllPassed() {
      System.out.println(
          "Wycheproof "
              + file
              + ": ran "
              + ran
              + ", passed "
              + passed
              + " (acceptable: "
              + acceptableAccepted
              + " accepted, "
              + acceptableRejected
              + " rejected), skipped "
              + skipped.values().stream().mapToInt(Integer::intValue).sum()
              + " "
              + skipped);
      assertTrue(ran > 0, file + ": no vector ran");
      assertEquals(List.of(), failures, file);
    }
  }
}
