package io.countersign.signature.jws;

import static io.countersign.signature.jws.JwsVerifierTest.assertReason;
import static io.countersign.signature.jws.JwsVerifierTest.assertRejected;
import static io.countersign.signature.jws.JwsVerifierTest.assertVerified;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.VerifiedSignature;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies the JWS examples of RFC 7515 Appendix A, the RFC 7520 cookbook, RFC 7797 and RFC 8037
 * with the keys they publish, registered to partner "rfc". Each example that verifies must fail
 * after a one-byte change.
 *
 * <p>Some examples are rejected on purpose: {@code alg} none; an {@code alg} only in the
 * unprotected header (RFC 7520 4.7 and the second signature of 4.8), which Nimbus does not accept
 * and which this verifier would not either; a detached payload in JSON serialization (4.5), which
 * only the compact X-JWS-Signature form supports; and {@code b64} false outside the detached form
 * or without {@code crit} (RFC 7797).
 */
class JoseExamplesTest {

  private static final String PARTNER = "rfc";
  private static final Path APPENDIX_A = JoseConformance.JOSE.resolve("rfc7515-appendix-a");
  private static final Path COOKBOOK = JoseConformance.JOSE.resolve("rfc7520-cookbook");

  private static final TestSignerDirectory DIRECTORY = exampleKeys();

  private final JwsVerifier verifier = new JwsVerifier(Clock.fixed(JwsTestPki.NOW, ZoneOffset.UTC));
  private final JwsPolicy policy = JwsPolicy.defaults().allowHmacAlgorithms().allowMissingIat();

  enum Form {
    COMPACT,
    JSON,
    DETACHED
  }

  /**
   * One example: its serialization, the JWS text, the detached body, and the expected reason, or
   * {@code null} when it verifies.
   */
  record Example(String name, Form form, String jws, byte[] body, RejectionReason expected) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Example> examples() {
    List<Example> examples = new ArrayList<>();
    addAppendixA(examples);
    addCookbook(examples);
    addUnencoded(examples);
    addEd25519(examples);
    return examples.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void verify_publishedExample_expectedVerdict(Example example) {
    VerificationOutcome outcome = verify(example.form(), example.jws(), example.body());

    if (example.expected() == null) {
      VerifiedSignature verified = assertVerified(outcome);
      assertEquals(PARTNER, verified.signerPartnerId());
    } else {
      assertReason(example.expected(), outcome);
    }
  }

  @ParameterizedTest
  @MethodSource("verifiedExamples")
  void verify_exampleWithOneByteChanged_rejected(Example example) {
    VerificationOutcome outcome;
    if (example.form() == Form.DETACHED) {
      byte[] body = example.body().clone();
      body[0] ^= 0x01;
      outcome = verify(Form.DETACHED, example.jws(), body);
    } else {
      outcome = verify(example.form(), changeSignatureByte(example), null);
    }

    RejectionReason reason = assertRejected(outcome);
    assertNotEquals(RejectionReason.SIGNATURE_MALFORMED, reason);
  }

  @Test
  void verifyJson_appendixA6_returnsCosigner() throws ParseException {
    String general = JoseConformance.text(APPENDIX_A.resolve("rfc7515_A.6.jwsg"));

    VerifiedSignature verified =
        assertVerified(verifier.verifyJson(bytes(general), PARTNER, DIRECTORY, policy));

    assertEquals("RS256", verified.algorithm());
    assertEquals(1, verified.cosigners().size());
    byte[] payload =
        bytes(
            "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n"
                + " \"http://example.com/is_root\":true}");
    assertArrayEquals(payload, verified.payload());
  }

  @Test
  void verifyCompact_appendixA1Hmac_formatMarksHmac() {
    String compact = JoseConformance.text(APPENDIX_A.resolve("rfc7515_A.1.jwsc")).strip();

    VerifiedSignature verified =
        assertVerified(verifier.verifyCompact(bytes(compact), PARTNER, DIRECTORY, policy));

    assertEquals("jws-compact-hmac", verified.format());
    assertEquals(null, verified.signer());
  }

  static Stream<Example> verifiedExamples() {
    return examples().filter(example -> example.expected() == null);
  }

  private VerificationOutcome verify(Form form, String jws, byte[] body) {
    return switch (form) {
      case COMPACT -> verifier.verifyCompact(bytes(jws), PARTNER, DIRECTORY, policy);
      case JSON -> verifier.verifyJson(bytes(jws), PARTNER, DIRECTORY, policy);
      case DETACHED -> verifier.verifyDetached(body, jws, PARTNER, DIRECTORY, policy);
    };
  }

  // RFC 7515 Appendix A: compact A.1 to A.5, general A.6, flattened A.7.

  private static void addAppendixA(List<Example> examples) {
    for (String name : List.of("A.1", "A.2", "A.3", "A.4")) {
      examples.add(compact("RFC 7515 " + name, appendixA(name + ".jwsc"), null));
    }
    examples.add(
        compact("RFC 7515 A.5", appendixA("A.5.jwsc"), RejectionReason.ALGORITHM_NOT_ALLOWED));
    examples.add(new Example("RFC 7515 A.6", Form.JSON, appendixA("A.6.jwsg"), null, null));
    examples.add(new Example("RFC 7515 A.7", Form.JSON, appendixA("A.7.jwsf"), null, null));
  }

  private static String appendixA(String suffix) {
    return JoseConformance.text(APPENDIX_A.resolve("rfc7515_" + suffix)).strip();
  }

  // RFC 7520 section 4: every output form of each example.

  private static void addCookbook(List<Example> examples) {
    addOutputs(examples, "4_1.rsa_v15_signature.json", null);
    addOutputs(examples, "4_2.rsa-pss_signature.json", null);
    addOutputs(examples, "4_3.ecdsa_signature.json", null);
    addOutputs(examples, "4_4.hmac-sha2_integrity_protection.json", null);
    addOutputs(examples, "4_6.protecting_specific_header_fields.json", null);
    addOutputs(examples, "4_7.protecting_content_only.json", RejectionReason.SIGNATURE_MALFORMED);
    addOutputs(examples, "4_8.multiple_signatures.json", RejectionReason.SIGNATURE_MALFORMED);

    JsonObject detached = cookbook("jws/4_5.signature_with_detached_content.json");
    byte[] payload = bytes(detached.getJsonObject("input").getString("payload"));
    JsonObject output = detached.getJsonObject("output");
    examples.add(
        new Example(
            "RFC 7520 4.5 compact", Form.DETACHED, output.getString("compact"), payload, null));
    examples.add(
        new Example(
            "RFC 7520 4.5 json",
            Form.JSON,
            output.getJsonObject("json").toString(),
            null,
            RejectionReason.SIGNATURE_MALFORMED));
  }

  private static void addOutputs(List<Example> examples, String file, RejectionReason expected) {
    JsonObject output = cookbook("jws/" + file).getJsonObject("output");
    String name = "RFC 7520 " + file.substring(0, 3).replace('_', '.');
    if (output.containsKey("compact")) {
      examples.add(compact(name + " compact", output.getString("compact"), expected));
    }
    for (String form : List.of("json", "json_flat")) {
      if (output.containsKey(form)) {
        String json = output.getJsonObject(form).toString();
        examples.add(new Example(name + " " + form, Form.JSON, json, null, expected));
      }
    }
  }

  // RFC 7797: the unencoded payload option, supported only detached.

  private static void addUnencoded(List<Example> examples) {
    JsonObject example = cookbook("rfc7797/hmac-sha2_b64_false.json");
    byte[] payload = bytes(example.getJsonObject("input").getString("payload"));
    JsonObject output = example.getJsonObject("output");
    String compact = output.getString("compact");
    String[] parts = compact.split("\\.");
    String detached = parts[0] + ".." + parts[2];

    examples.add(new Example("RFC 7797 detached", Form.DETACHED, detached, payload, null));
    examples.add(compact("RFC 7797 compact", compact, RejectionReason.CRITICAL_HEADER_UNSUPPORTED));
    examples.add(
        new Example(
            "RFC 7797 json",
            Form.JSON,
            output.getJsonObject("json").toString(),
            null,
            RejectionReason.CRITICAL_HEADER_UNSUPPORTED));

    JsonObject withoutCrit = cookbook("rfc7797/4.2.hmac-sha2_b64_false.json");
    examples.add(
        new Example(
            "RFC 7797 4.2 json without crit",
            Form.JSON,
            withoutCrit.getJsonObject("output").getJsonObject("json_flat").toString(),
            null,
            RejectionReason.CRITICAL_HEADER_UNSUPPORTED));
  }

  // RFC 8037: EdDSA with Ed25519.

  private static void addEd25519(List<Example> examples) {
    JsonObject output = cookbook("curve25519/jws.json").getJsonObject("output");
    examples.add(compact("RFC 8037 compact", output.getString("compact"), null));
    examples.add(
        new Example(
            "RFC 8037 json", Form.JSON, output.getJsonObject("json").toString(), null, null));
    examples.add(
        new Example(
            "RFC 8037 json_flat",
            Form.JSON,
            output.getJsonObject("json_flat").toString(),
            null,
            null));
  }

  private static Example compact(String name, String jws, RejectionReason expected) {
    return new Example(name, Form.COMPACT, jws, null, expected);
  }

  private static JsonObject cookbook(String file) {
    return JoseConformance.json(COOKBOOK.resolve(file));
  }

  /** Registers every key that the examples publish, public parts only, to partner "rfc". */
  private static TestSignerDirectory exampleKeys() {
    List<String> jwks = new ArrayList<>();
    for (String name : List.of("A.1", "A.2", "A.3", "A.4")) {
      jwks.add(JoseConformance.text(APPENDIX_A.resolve("rfc7515_" + name + ".jwk")));
    }
    try {
      JWKSet set = JWKSet.parse(JoseConformance.text(APPENDIX_A.resolve("rfc7515_A.6.jwkset")));
      set.getKeys().forEach(key -> jwks.add(key.toJSONString()));
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
    for (String file :
        List.of(
            "jws/4_1.rsa_v15_signature.json",
            "jws/4_3.ecdsa_signature.json",
            "jws/4_4.hmac-sha2_integrity_protection.json",
            "rfc7797/hmac-sha2_b64_false.json",
            "curve25519/jws.json")) {
      jwks.add(cookbook(file).getJsonObject("input").getJsonObject("key").toString());
    }

    TestSignerDirectory directory = new TestSignerDirectory(List.of(), List.of());
    for (String jwk : jwks) {
      directory = ExampleKeys.register(directory, PARTNER, ExampleKeys.parse(jwk));
    }
    return directory;
  }

  /** Returns the example with one byte of its (first) signature value changed. */
  private static String changeSignatureByte(Example example) {
    if (example.form() == Form.COMPACT) {
      String[] parts = example.jws().split("\\.", -1);
      return parts[0] + "." + parts[1] + "." + flipFirstByte(parts[2]);
    }

    JsonObject json = Json.createReader(new java.io.StringReader(example.jws())).readObject();
    if (!json.containsKey("signatures")) {
      return copyWith(json, "signature", flipFirstByte(json.getString("signature"))).toString();
    }
    JsonObject first = json.getJsonArray("signatures").getJsonObject(0);
    JsonObject changed = copyWith(first, "signature", flipFirstByte(first.getString("signature")));
    var signatures = Json.createArrayBuilder(json.getJsonArray("signatures")).set(0, changed);
    return Json.createObjectBuilder(json).add("signatures", signatures).build().toString();
  }

  private static JsonObject copyWith(JsonObject object, String name, String value) {
    JsonObjectBuilder builder = Json.createObjectBuilder(object);
    builder.add(name, Json.createValue(value));
    return builder.build();
  }

  private static String flipFirstByte(String encoded) {
    byte[] bytes = new Base64URL(encoded).decode();
    bytes[bytes.length / 2] ^= 0x01;
    return Base64URL.encode(bytes).toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
