package io.countersign.signature.jws;

import static io.countersign.signature.jws.TestJws.INVOICE;
import static io.countersign.signature.jws.TestJws.bytes;
import static io.countersign.signature.jws.TestJws.compact;
import static io.countersign.signature.jws.TestJws.header;
import static io.countersign.signature.jws.TestJws.withHeader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.UnprotectedHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.X509CertUtils;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.RegisteredHmacKey;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.VerifiedSignature;
import io.countersign.trust.CertificateSummary;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwsVerifierTest {

  private static final byte[] HMAC_SECRET = new byte[48];

  static {
    Arrays.fill(HMAC_SECRET, (byte) 7);
  }

  private final JwsVerifier verifier = new JwsVerifier(Clock.fixed(JwsTestPki.NOW, ZoneOffset.UTC));
  private final TestSignerDirectory directory = TestSignerDirectory.standard();
  private final JwsPolicy policy = JwsPolicy.defaults();

  // Accepted signatures.

  @Test
  void verifyCompact_es256_reportsSignerAndPayload() {
    String jws = compact(JwsTestPki.ACME_EC, JWSAlgorithm.ES256, INVOICE);

    VerifiedSignature verified = assertVerified(verifyCompact(jws, "acme"));

    assertEquals("jws-compact", verified.format());
    assertEquals("ES256", verified.algorithm());
    assertNull(verified.digestAlgorithm());
    assertEquals(JwsTestPki.ACME_EC.certificate(), verified.signer());
    assertEquals("acme", verified.signerPartnerId());
    assertArrayEquals(INVOICE, verified.payload());
    assertArrayEquals(parsed(jws).getSignature().decode(), verified.signatureValue());
    assertTrue(verified.cosigners().isEmpty());
  }

  static Stream<Arguments> algorithms() {
    return Stream.of(
        Arguments.of(JWSAlgorithm.ES256, JwsTestPki.ACME_EC),
        Arguments.of(JWSAlgorithm.RS256, JwsTestPki.ACME_RSA),
        Arguments.of(JWSAlgorithm.RS384, JwsTestPki.ACME_RSA),
        Arguments.of(JWSAlgorithm.RS512, JwsTestPki.ACME_RSA),
        Arguments.of(JWSAlgorithm.PS256, JwsTestPki.ACME_RSA),
        Arguments.of(JWSAlgorithm.PS384, JwsTestPki.ACME_RSA),
        Arguments.of(JWSAlgorithm.PS512, JwsTestPki.ACME_RSA),
        Arguments.of(JWSAlgorithm.EdDSA, JwsTestPki.ACME_ED25519));
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void verifyCompact_eachDefaultAlgorithm_verified(
      JWSAlgorithm algorithm, IssuedCertificate signer) {
    VerifiedSignature verified =
        assertVerified(verifyCompact(compact(signer, algorithm, INVOICE), "acme"));

    assertEquals(algorithm.getName(), verified.algorithm());
    assertEquals(signer.certificate(), verified.signer());
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void verifyCompact_eachSignatureBitFlipped_rejected(
      JWSAlgorithm algorithm, IssuedCertificate signer) {
    JWSObject jws = parsed(compact(signer, algorithm, INVOICE));
    byte[] signature = jws.getSignature().decode();

    for (int i = 0; i < signature.length; i++) {
      byte[] changed = signature.clone();
      changed[i] ^= 0x01;
      String tampered = withSignature(jws, changed);

      RejectionReason reason = assertRejected(verifyCompact(tampered, "acme"));
      assertTrue(
          reason == RejectionReason.SIGNATURE_INVALID
              || reason == RejectionReason.SIGNATURE_ENCODING_INVALID,
          "byte " + i + ": " + reason);
    }
  }

  @Test
  void verifyCompact_payloadByteChanged_signatureInvalid() {
    byte[] changed = INVOICE.clone();
    changed[changed.length - 3] ^= 0x01;
    JWSObject jws = parsed(compact(JwsTestPki.ACME_EC, JWSAlgorithm.ES256, INVOICE));
    String tampered =
        jws.getParsedParts()[0] + "." + Base64URL.encode(changed) + "." + jws.getSignature();

    assertReason(RejectionReason.SIGNATURE_INVALID, verifyCompact(tampered, "acme"));
  }

  @Test
  void verifyJson_flattenedWithUnprotectedKid_verified() {
    JWSHeader header = header(JWSAlgorithm.ES256).build();
    UnprotectedHeader unprotected =
        new UnprotectedHeader.Builder()
            .keyID(CertificateSummary.fingerprint(JwsTestPki.ACME_EC.certificate()))
            .build();
    String json = TestJws.flattened(JwsTestPki.ACME_EC, header, unprotected, INVOICE);

    VerifiedSignature verified = assertVerified(verifyJson(json, "acme"));

    assertEquals("jws-json", verified.format());
    assertArrayEquals(INVOICE, verified.payload());
  }

  @Test
  void verifyDetached_encodedPayload_verified() {
    String detached =
        TestJws.detached(JwsTestPki.ACME_RSA, header(JWSAlgorithm.PS256).build(), INVOICE);

    VerifiedSignature verified = assertVerified(verifyDetached(INVOICE, detached, "acme"));

    assertEquals("jws-detached", verified.format());
    assertArrayEquals(INVOICE, verified.payload());
  }

  @Test
  void verifyDetached_unencodedPayload_verified() {
    JWSHeader header = unencoded(JWSAlgorithm.ES256);
    String detached = TestJws.detached(JwsTestPki.ACME_EC, header, INVOICE);

    VerifiedSignature verified = assertVerified(verifyDetached(INVOICE, detached, "acme"));

    assertEquals("jws-detached-unencoded", verified.format());
    assertArrayEquals(INVOICE, verified.payload());
  }

  // Rule 1: malformed JWS.

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "eyJhbGciOiJFUzI1NiJ9.e30",
        "eyJhbGciOiJFUzI1NiJ9.e30.AAAA.AAAA",
        "eyJhbGciOiJFUzI1NiJ9.e30.AA=A",
        "eyJhbGciOiJFUzI1NiJ9.e30.AA+A",
        "eyJhbGciOiJFUzI1NiJ9 .e30.AAAA",
        "eyJhbGciOiJFUzI1NiJ9.e3!0.AAAA",
        "eyJhbGciOiJFUzI1NiJ9.e30.AAAA\n",
        "bm90IGpzb24.e30.AAAA",
        "e30.e30.AAAA",
        "eyJhbGciOiJFUzI1NiJ9..AAAA",
        "eyJhbGciOiJFUzI1NiJ9.e30."
      })
  void verifyCompact_malformed_signatureMalformed(String jws) {
    assertReason(RejectionReason.SIGNATURE_MALFORMED, verifyCompact(jws, "acme"));
  }

  @Test
  void verifyCompact_validJwsWithTrailingNewline_signatureMalformed() {
    String jws = compact(JwsTestPki.ACME_EC, JWSAlgorithm.ES256, INVOICE) + "\n";

    assertReason(RejectionReason.SIGNATURE_MALFORMED, verifyCompact(jws, "acme"));
  }

  @Test
  void verifyCompact_notAscii_signatureMalformed() {
    byte[] body = {(byte) 0xc3, (byte) 0xa9, '.', 'e', '.', 'e'};

    assertReason(
        RejectionReason.SIGNATURE_MALFORMED,
        verifier.verifyCompact(body, "acme", directory, policy));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{",
        "{\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"signature\":\"AAAA\"}",
        "{\"payload\":\"e30\",\"signatures\":[]}",
        "{\"payload\":\"e30\",\"header\":{\"alg\":\"ES256\"},\"signature\":\"AAAA\"}",
        "{\"payload\":\"e30\",\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"signature\":\"AAAA\","
            + "\"payload\":\"e30\"}",
        "{\"payload\":\"e3 0\",\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"signature\":\"AAAA\"}"
      })
  void verifyJson_malformed_signatureMalformed(String json) {
    assertReason(RejectionReason.SIGNATURE_MALFORMED, verifyJson(json, "acme"));
  }

  @Test
  void verifyDetached_payloadPartPresent_signatureMalformed() {
    String jws = compact(JwsTestPki.ACME_EC, JWSAlgorithm.ES256, INVOICE);

    assertReason(RejectionReason.SIGNATURE_MALFORMED, verifyDetached(INVOICE, jws, "acme"));
  }

  // Rule 2: algorithms.

  @Test
  void verifyCompact_algNone_algorithmNotAllowed() {
    String unsecured =
        Base64URL.encode("{\"alg\":\"none\"}") + "." + Base64URL.encode(INVOICE) + ".";

    assertReason(RejectionReason.ALGORITHM_NOT_ALLOWED, verifyCompact(unsecured, "acme"));
  }

  @Test
  void verifyJson_algNone_algorithmNotAllowed() {
    String json =
        "{\"payload\":\""
            + Base64URL.encode(INVOICE)
            + "\",\"protected\":\""
            + Base64URL.encode("{\"alg\":\"none\"}")
            + "\",\"signature\":\"\"}";

    assertReason(RejectionReason.ALGORITHM_NOT_ALLOWED, verifyJson(json, "acme"));
  }

  @Test
  void verifyDetached_algNone_algorithmNotAllowed() {
    String unsecured = Base64URL.encode("{\"alg\":\"none\"}") + "..";

    assertReason(RejectionReason.ALGORITHM_NOT_ALLOWED, verifyDetached(INVOICE, unsecured, "acme"));
  }

  @Test
  void verifyCompact_algorithmNotInPolicy_rejectedNamingIt() {
    String jws = compact(JwsTestPki.ACME_RSA, JWSAlgorithm.RS256, INVOICE);
    JwsPolicy onlyEs256 = policy.withAlgorithms(Set.of("ES256"));

    VerificationOutcome outcome = verifier.verifyCompact(bytes(jws), "acme", directory, onlyEs256);

    assertReason(RejectionReason.ALGORITHM_NOT_ALLOWED, outcome);
    assertTrue(detail(outcome).contains("RS256"));
  }

  @Test
  void verifyCompact_jwe_algorithmNotAllowed() {
    String jwe =
        Base64URL.encode("{\"alg\":\"RSA-OAEP\",\"enc\":\"A128GCM\"}") + ".AAAA.AAAA.AAAA.AAAA";

    assertReason(RejectionReason.ALGORITHM_NOT_ALLOWED, verifyCompact(jwe, "acme"));
  }

  @Test
  void verifyCompact_hmacNotInDefaultPolicy_algorithmNotAllowed() {
    String jws = TestJws.compactHmac(HMAC_SECRET, header(JWSAlgorithm.HS256).build(), INVOICE);
    TestSignerDirectory withKey = directory.with(hmacKey("acme", "k1"));

    assertReason(
        RejectionReason.ALGORITHM_NOT_ALLOWED,
        verifier.verifyCompact(bytes(jws), "acme", withKey, policy));
  }

  @Test
  void verifyCompact_hmacWithoutRegisteredKey_algorithmNotAllowed() {
    String jws = TestJws.compactHmac(HMAC_SECRET, header(JWSAlgorithm.HS256).build(), INVOICE);

    assertReason(
        RejectionReason.ALGORITHM_NOT_ALLOWED,
        verifier.verifyCompact(bytes(jws), "acme", directory, policy.allowHmacAlgorithms()));
  }

  @Test
  void verifyCompact_hmacKeyedWithCertificatePublicKey_algorithmNotAllowed() {
    // The classic algorithm confusion: the public key, which anyone has, as the HMAC secret.
    byte[] publicKey = JwsTestPki.ACME_RSA.certificate().getPublicKey().getEncoded();
    JWSHeader header =
        withHeader(
            JWSAlgorithm.HS256, builder -> builder.x509CertChain(TestJws.x5c(JwsTestPki.ACME_RSA)));
    String jws = TestJws.compactHmac(publicKey, header, INVOICE);
    TestSignerDirectory withKey = directory.with(hmacKey("acme", "k1"));

    assertReason(
        RejectionReason.ALGORITHM_NOT_ALLOWED,
        verifier.verifyCompact(bytes(jws), "acme", withKey, policy.allowHmacAlgorithms()));
    assertReason(
        RejectionReason.ALGORITHM_NOT_ALLOWED,
        verifier.verifyCompact(bytes(jws), "acme", directory, policy.allowHmacAlgorithms()));
  }

  @Test
  void verifyCompact_registeredHmacKey_verifiedWithoutSigner() {
    JWSHeader header = withHeader(JWSAlgorithm.HS256, builder -> builder.keyID("k1"));
    String jws = TestJws.compactHmac(HMAC_SECRET, header, INVOICE);
    TestSignerDirectory withKey = directory.with(hmacKey("acme", "k1"));

    VerifiedSignature verified =
        assertVerified(
            verifier.verifyCompact(bytes(jws), "acme", withKey, policy.allowHmacAlgorithms()));

    assertEquals("jws-compact-hmac", verified.format());
    assertNull(verified.signer());
    assertEquals("acme", verified.signerPartnerId());
  }

  @Test
  void verifyCompact_hmacWithWrongSecret_signatureInvalid() {
    byte[] other = HMAC_SECRET.clone();
    other[0] ^= 1;
    String jws = TestJws.compactHmac(other, header(JWSAlgorithm.HS256).build(), INVOICE);
    TestSignerDirectory withKey = directory.with(hmacKey("acme", "k1"));

    assertReason(
        RejectionReason.SIGNATURE_INVALID,
        verifier.verifyCompact(bytes(jws), "acme", withKey, policy.allowHmacAlgorithms()));
  }

  @Test
  void verifyCompact_hmacKeyRegistrationEnded_expired() {
    String jws = TestJws.compactHmac(HMAC_SECRET, header(JWSAlgorithm.HS256).build(), INVOICE);
    RegisteredHmacKey ended =
        new RegisteredHmacKey("acme", "k1", HMAC_SECRET, null, JwsTestPki.NOW.minusSeconds(1));

    assertReason(
        RejectionReason.SIGNER_CERTIFICATE_EXPIRED,
        verifier.verifyCompact(
            bytes(jws), "acme", directory.with(ended), policy.allowHmacAlgorithms()));
  }

  // Rule 3: key selection, registration and partner binding.

  @Test
  void verifyCompact_kidIsCertificateFingerprint_verified() {
    String fingerprint = CertificateSummary.fingerprint(JwsTestPki.ACME_EC.certificate());
    JWSHeader header =
        withHeader(JWSAlgorithm.ES256, builder -> builder.keyID(fingerprint.toUpperCase()));

    assertVerified(verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_kidIsJwkThumbprint_verified() throws JOSEException {
    String thumbprint =
        new ECKey.Builder(ECKey.parse(JwsTestPki.ACME_EC.certificate()))
            .build()
            .computeThumbprint()
            .toString();
    JWSHeader header = withHeader(JWSAlgorithm.ES256, builder -> builder.keyID(thumbprint));

    assertVerified(verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_x5tS256OfRegisteredCertificate_verified() {
    Base64URL thumbprint = X509CertUtils.computeSHA256Thumbprint(JwsTestPki.ACME_EC.certificate());
    JWSHeader header =
        withHeader(JWSAlgorithm.ES256, builder -> builder.x509CertSHA256Thumbprint(thumbprint));

    assertVerified(verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_x5tS256OfUnregisteredCertificate_signerUnknown() {
    Base64URL thumbprint = X509CertUtils.computeSHA256Thumbprint(JwsTestPki.STRANGER.certificate());
    JWSHeader header =
        withHeader(JWSAlgorithm.ES256, builder -> builder.x509CertSHA256Thumbprint(thumbprint));

    assertReason(
        RejectionReason.SIGNER_CERTIFICATE_UNKNOWN,
        verifyCompact(compact(JwsTestPki.STRANGER, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_x5cOfUnregisteredCertificate_signerUnknown() {
    JWSHeader header = x5cHeader(JWSAlgorithm.ES256, JwsTestPki.STRANGER);

    assertReason(
        RejectionReason.SIGNER_CERTIFICATE_UNKNOWN,
        verifyCompact(compact(JwsTestPki.STRANGER, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_partnerWithoutCertificates_signerUnknown() {
    String jws = compact(JwsTestPki.ACME_EC, JWSAlgorithm.ES256, INVOICE);

    assertReason(RejectionReason.SIGNER_CERTIFICATE_UNKNOWN, verifyCompact(jws, "initech"));
  }

  @Test
  void verifyCompact_signedByOtherPartner_signerNotPartner() {
    JWSHeader header = x5cHeader(JWSAlgorithm.ES256, JwsTestPki.GLOBEX);

    assertReason(
        RejectionReason.SIGNER_NOT_PARTNER,
        verifyCompact(compact(JwsTestPki.GLOBEX, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_otherPartnersX5cButForgedSignature_signatureInvalid() {
    // The signature is checked with the registered key before the partner binding.
    JWSHeader header = x5cHeader(JWSAlgorithm.ES256, JwsTestPki.GLOBEX);

    assertReason(
        RejectionReason.SIGNATURE_INVALID,
        verifyCompact(compact(JwsTestPki.STRANGER, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_embeddedJwkOfSigner_ignoredAndInvalid() {
    JWK strangerKey =
        new ECKey.Builder(
                com.nimbusds.jose.jwk.Curve.P_256,
                (ECPublicKey) JwsTestPki.STRANGER.certificate().getPublicKey())
            .build();
    JWSHeader header = withHeader(JWSAlgorithm.ES256, builder -> builder.jwk(strangerKey));

    assertReason(
        RejectionReason.SIGNATURE_INVALID,
        verifyCompact(compact(JwsTestPki.STRANGER, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_jku_keyUrlNotAllowed() {
    JWSHeader header =
        withHeader(
            JWSAlgorithm.ES256, builder -> builder.jwkURL(URI.create("https://127.0.0.1/k")));

    assertReason(
        RejectionReason.KEY_URL_NOT_ALLOWED,
        verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_x5u_keyUrlNotAllowed() {
    JWSHeader header =
        withHeader(
            JWSAlgorithm.ES256, builder -> builder.x509CertURL(URI.create("https://127.0.0.1/c")));

    assertReason(
        RejectionReason.KEY_URL_NOT_ALLOWED,
        verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_expiredCertificate_signerExpired() {
    JWSHeader header = x5cHeader(JWSAlgorithm.ES256, JwsTestPki.ACME_EXPIRED);

    assertReason(
        RejectionReason.SIGNER_CERTIFICATE_EXPIRED,
        verifyCompact(compact(JwsTestPki.ACME_EXPIRED, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_futureCertificate_signerNotYetValid() {
    JWSHeader header = x5cHeader(JWSAlgorithm.ES256, JwsTestPki.ACME_FUTURE);

    assertReason(
        RejectionReason.SIGNER_CERTIFICATE_NOT_YET_VALID,
        verifyCompact(compact(JwsTestPki.ACME_FUTURE, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_registrationNotYetStarted_signerNotYetValid() {
    IssuedCertificate issued = JwsTestPki.signing("CN=Initech", JwsTestPki.ACME_EC.keyPair());
    RegisteredSigner later =
        new RegisteredSigner("initech", issued.certificate(), JwsTestPki.NOW.plusSeconds(60), null);
    String jws = compact(issued, JWSAlgorithm.ES256, INVOICE);

    assertReason(
        RejectionReason.SIGNER_CERTIFICATE_NOT_YET_VALID,
        verifier.verifyCompact(bytes(jws), "initech", directory.with(later), policy));
  }

  @Test
  void verifyCompact_keyDoesNotFitAlgorithm_signatureInvalid() {
    // An ES384 signature made with a P-256 key: the registered key cannot check it.
    JWSHeader header = header(JWSAlgorithm.ES384).build();
    JWSObject jws = new JWSObject(header, new Payload(INVOICE));
    String signed = withSignature(jws, new byte[96]);

    assertReason(RejectionReason.SIGNATURE_ENCODING_INVALID, verifyCompact(signed, "acme"));
    byte[] plausible = new byte[96];
    plausible[10] = 1;
    plausible[60] = 1;
    assertReason(
        RejectionReason.SIGNATURE_INVALID, verifyCompact(withSignature(jws, plausible), "acme"));
  }

  // Rule 4: critical header parameters.

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"alg\":\"ES256\",\"iat\":%d,\"exp2\":1,\"crit\":[\"exp2\"]}",
        "{\"alg\":\"ES256\",\"iat\":%d,\"crit\":[\"b64\"]}",
        "{\"alg\":\"ES256\",\"iat\":%d,\"crit\":[]}",
        "{\"alg\":\"ES256\",\"iat\":%d,\"crit\":[\"alg\"]}",
        "{\"alg\":\"ES256\",\"iat\":%d,\"b64\":true}"
      })
  void verifyCompact_criticalRuleBroken_criticalHeaderUnsupported(String headerJson) {
    JWSHeader header = parsedHeader(headerJson.formatted(JwsTestPki.NOW.getEpochSecond()));

    assertReason(
        RejectionReason.CRITICAL_HEADER_UNSUPPORTED,
        verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_iatListedAsCritical_verified() {
    JWSHeader header =
        parsedHeader(
            "{\"alg\":\"ES256\",\"iat\":%d,\"crit\":[\"iat\"]}"
                .formatted(JwsTestPki.NOW.getEpochSecond()));

    assertVerified(verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_b64TrueListedAsCritical_verified() {
    JWSHeader header =
        parsedHeader(
            "{\"alg\":\"ES256\",\"iat\":%d,\"b64\":true,\"crit\":[\"b64\"]}"
                .formatted(JwsTestPki.NOW.getEpochSecond()));

    assertVerified(verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @Test
  void verifyDetached_unencodedWithoutCrit_criticalHeaderUnsupported() {
    JWSHeader header =
        parsedHeader(
            "{\"alg\":\"ES256\",\"iat\":%d,\"b64\":false}"
                .formatted(JwsTestPki.NOW.getEpochSecond()));
    String detached = TestJws.detached(JwsTestPki.ACME_EC, header, INVOICE);

    assertReason(
        RejectionReason.CRITICAL_HEADER_UNSUPPORTED, verifyDetached(INVOICE, detached, "acme"));
  }

  @Test
  void verifyDetached_unknownCritical_criticalHeaderUnsupported() {
    JWSHeader header =
        parsedHeader(
            "{\"alg\":\"ES256\",\"iat\":%d,\"b64\":false,\"x\":1,\"crit\":[\"b64\",\"x\"]}"
                .formatted(JwsTestPki.NOW.getEpochSecond()));
    String detached = TestJws.detached(JwsTestPki.ACME_EC, header, INVOICE);

    assertReason(
        RejectionReason.CRITICAL_HEADER_UNSUPPORTED, verifyDetached(INVOICE, detached, "acme"));
  }

  @Test
  void verifyJson_unencodedPayload_criticalHeaderUnsupported() {
    String json =
        "{\"payload\":\"$.02\",\"protected\":\""
            + Base64URL.encode("{\"alg\":\"ES256\",\"b64\":false,\"crit\":[\"b64\"]}")
            + "\",\"signature\":\"AAAA\"}";

    assertReason(RejectionReason.CRITICAL_HEADER_UNSUPPORTED, verifyJson(json, "acme"));
  }

  @Test
  void verifyJson_critInUnprotectedHeader_rejected() {
    JWSHeader header = header(JWSAlgorithm.ES256).build();
    UnprotectedHeader unprotected =
        new UnprotectedHeader.Builder().param("crit", List.of("x")).build();
    String json = TestJws.flattened(JwsTestPki.ACME_EC, header, unprotected, INVOICE);

    assertReason(RejectionReason.CRITICAL_HEADER_UNSUPPORTED, verifyJson(json, "acme"));
  }

  @Test
  void verifyCompact_unencodedPayloadInBody_criticalHeaderUnsupported() {
    String jws =
        Base64URL.encode("{\"alg\":\"ES256\",\"b64\":false,\"crit\":[\"b64\"]}") + ".payload.AAAA";

    assertReason(RejectionReason.CRITICAL_HEADER_UNSUPPORTED, verifyCompact(jws, "acme"));
  }

  // Rule 5: ECDSA signature encoding.

  @Test
  void verifyCompact_derEncodedEcdsa_signatureEncodingInvalid() throws Exception {
    JWSObject jws = new JWSObject(header(JWSAlgorithm.ES256).build(), new Payload(INVOICE));
    Signature der = Signature.getInstance("SHA256withECDSA");
    der.initSign(JwsTestPki.ACME_EC.keyPair().getPrivate());
    der.update(jws.getSigningInput());

    String signed = withSignature(jws, der.sign());

    assertReason(RejectionReason.SIGNATURE_ENCODING_INVALID, verifyCompact(signed, "acme"));
  }

  static Stream<Arguments> illegalEcdsaValues() {
    BigInteger order =
        ((ECPublicKey) JwsTestPki.ACME_EC.certificate().getPublicKey()).getParams().getOrder();
    byte[] orderBytes = fixed(order, 32);
    byte[] one = fixed(BigInteger.ONE, 32);
    byte[] zero = new byte[32];
    return Stream.of(
        Arguments.of("R zero", concat(zero, one)),
        Arguments.of("S zero", concat(one, zero)),
        Arguments.of("R is the order", concat(orderBytes, one)),
        Arguments.of("S is the order", concat(one, orderBytes)),
        Arguments.of("63 bytes", new byte[63]),
        Arguments.of("65 bytes", new byte[65]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("illegalEcdsaValues")
  void verifyCompact_illegalEcdsaValue_signatureEncodingInvalid(String name, byte[] signature) {
    JWSObject jws = new JWSObject(header(JWSAlgorithm.ES256).build(), new Payload(INVOICE));

    assertReason(
        RejectionReason.SIGNATURE_ENCODING_INVALID,
        verifyCompact(withSignature(jws, signature), "acme"));
  }

  @Test
  void verifyCompact_ecdsaSignatureWithSPlusOrder_signatureEncodingInvalid() {
    // The malleated twin of a valid signature: S + n has the same value modulo the order.
    JWSObject jws = parsed(compact(JwsTestPki.ACME_EC, JWSAlgorithm.ES256, INVOICE));
    byte[] signature = jws.getSignature().decode();
    BigInteger order =
        ((ECPublicKey) JwsTestPki.ACME_EC.certificate().getPublicKey()).getParams().getOrder();
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)).add(order);
    if (s.bitLength() > 256) {
      return;
    }
    byte[] malleated = concat(Arrays.copyOfRange(signature, 0, 32), fixed(s, 32));

    assertReason(
        RejectionReason.SIGNATURE_ENCODING_INVALID,
        verifyCompact(withSignature(jws, malleated), "acme"));
  }

  // Rule 6: several signatures in general JSON serialization.

  @Test
  void verifyJson_generalWithCosigner_returnsPartnerAndCosigner() {
    String json =
        general(
            INVOICE,
            List.of(JwsTestPki.GLOBEX, JwsTestPki.ACME_RSA),
            List.of(
                x5cHeader(JWSAlgorithm.ES256, JwsTestPki.GLOBEX),
                header(JWSAlgorithm.RS256).build()));

    VerifiedSignature verified = assertVerified(verifyJson(json, "acme"));

    assertEquals("jws-json", verified.format());
    assertEquals("RS256", verified.algorithm());
    assertEquals(JwsTestPki.ACME_RSA.certificate(), verified.signer());
    assertEquals(List.of(JwsTestPki.GLOBEX.certificate()), verified.cosigners());
  }

  @Test
  void verifyJson_generalWithForgedCosignature_signatureInvalid() {
    String json =
        general(
            INVOICE,
            List.of(JwsTestPki.ACME_EC, JwsTestPki.STRANGER),
            List.of(
                header(JWSAlgorithm.ES256).build(),
                x5cHeader(JWSAlgorithm.ES256, JwsTestPki.GLOBEX)));

    assertReason(RejectionReason.SIGNATURE_INVALID, verifyJson(json, "acme"));
  }

  @Test
  void verifyJson_generalWithUnregisteredCosigner_signerUnknown() {
    String json =
        general(
            INVOICE,
            List.of(JwsTestPki.ACME_EC, JwsTestPki.STRANGER),
            List.of(
                header(JWSAlgorithm.ES256).build(),
                x5cHeader(JWSAlgorithm.ES256, JwsTestPki.STRANGER)));

    assertReason(RejectionReason.SIGNER_CERTIFICATE_UNKNOWN, verifyJson(json, "acme"));
  }

  @Test
  void verifyJson_generalWithoutPartnersSignature_signerNotPartner() {
    String json =
        general(
            INVOICE,
            List.of(JwsTestPki.GLOBEX),
            List.of(x5cHeader(JWSAlgorithm.ES256, JwsTestPki.GLOBEX)));

    assertReason(RejectionReason.SIGNER_NOT_PARTNER, verifyJson(json, "acme"));
  }

  @Test
  void verifyJson_generalWithOneDisallowedAlgorithm_algorithmNotAllowed() {
    String json =
        general(
            INVOICE,
            List.of(JwsTestPki.ACME_EC, JwsTestPki.ACME_RSA),
            List.of(header(JWSAlgorithm.ES256).build(), header(JWSAlgorithm.RS256).build()));
    JwsPolicy onlyEs256 = policy.withAlgorithms(Set.of("ES256"));

    assertReason(
        RejectionReason.ALGORITHM_NOT_ALLOWED,
        verifier.verifyJson(bytes(json), "acme", directory, onlyEs256));
  }

  // Rule 7: detached payloads are the exact bytes received.

  @Test
  void verifyDetached_reserializedJson_detailExplainsExactBytes() {
    String detached =
        TestJws.detached(JwsTestPki.ACME_EC, header(JWSAlgorithm.ES256).build(), INVOICE);
    byte[] reserialized =
        bytes("{\"invoice\": {\"currency\": \"EUR\", \"id\": \"INV-1\", \"total\": \"100.00\"}}");

    VerificationOutcome outcome = verifyDetached(reserialized, detached, "acme");

    assertReason(RejectionReason.SIGNATURE_INVALID, outcome);
    assertTrue(detail(outcome).contains("exact bytes"), detail(outcome));
    assertTrue(detail(outcome).contains("re-serialized"), detail(outcome));
  }

  @Test
  void verifyDetached_changedBinaryBody_detailMentionsExactBytes() {
    byte[] body = {1, 2, 3, 4};
    String detached =
        TestJws.detached(JwsTestPki.ACME_EC, header(JWSAlgorithm.ES256).build(), body);

    VerificationOutcome outcome = verifyDetached(new byte[] {1, 2, 3, 5}, detached, "acme");

    assertReason(RejectionReason.SIGNATURE_INVALID, outcome);
    assertTrue(detail(outcome).contains("exact bytes"), detail(outcome));
  }

  @Test
  void verifyDetached_unencodedChangedByte_signatureInvalid() {
    String detached = TestJws.detached(JwsTestPki.ACME_EC, unencoded(JWSAlgorithm.ES256), INVOICE);
    byte[] changed = INVOICE.clone();
    changed[5] ^= 0x01;

    assertReason(RejectionReason.SIGNATURE_INVALID, verifyDetached(changed, detached, "acme"));
  }

  @Test
  void verifyDetached_unencodedNonUtf8Body_criticalHeaderUnsupported() {
    // Nimbus would turn 0xFF and 0xFE alike into U+FFFD, so one signature would fit both bodies.
    byte[] body = {'{', (byte) 0xff, '}'};
    String detached = TestJws.detached(JwsTestPki.ACME_EC, unencoded(JWSAlgorithm.ES256), body);

    assertReason(
        RejectionReason.CRITICAL_HEADER_UNSUPPORTED,
        verifyDetached(new byte[] {'{', (byte) 0xfe, '}'}, detached, "acme"));
  }

  // Rule 8: signing time and payload limits.

  @Test
  void verifyCompact_withoutIat_iatMissing() {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).build();

    assertReason(
        RejectionReason.IAT_MISSING,
        verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_withoutIatWhenOptional_verified() {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).build();
    String jws = compact(JwsTestPki.ACME_EC, header, INVOICE);

    assertVerified(verifier.verifyCompact(bytes(jws), "acme", directory, policy.allowMissingIat()));
  }

  @Test
  void verifyJson_iatOnlyUnprotected_iatMissing() {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).build();
    UnprotectedHeader unprotected =
        new UnprotectedHeader.Builder().param("iat", JwsTestPki.NOW.getEpochSecond()).build();
    String json = TestJws.flattened(JwsTestPki.ACME_EC, header, unprotected, INVOICE);

    assertReason(RejectionReason.IAT_MISSING, verifyJson(json, "acme"));
  }

  @ParameterizedTest
  @ValueSource(longs = {-16 * 60, 6 * 60, Long.MAX_VALUE / 2})
  void verifyCompact_iatOutsideWindow_iatOutOfWindow(long offsetSeconds) {
    long iat = JwsTestPki.NOW.getEpochSecond() + offsetSeconds;
    JWSHeader header = withHeader(JWSAlgorithm.ES256, builder -> builder.customParam("iat", iat));

    assertReason(
        RejectionReason.IAT_OUT_OF_WINDOW,
        verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @ParameterizedTest
  @ValueSource(longs = {-14 * 60, 4 * 60})
  void verifyCompact_iatInsideWindow_verified(long offsetSeconds) {
    long iat = JwsTestPki.NOW.getEpochSecond() + offsetSeconds;
    JWSHeader header = withHeader(JWSAlgorithm.ES256, builder -> builder.customParam("iat", iat));

    assertVerified(verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @Test
  void verifyCompact_iatNotANumber_signatureMalformed() {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256).customParam("iat", "yesterday").build();

    assertReason(
        RejectionReason.SIGNATURE_MALFORMED,
        verifyCompact(compact(JwsTestPki.ACME_EC, header, INVOICE), "acme"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "application/json", "application/invoice+json", "JSON"})
  void verifyCompact_jsonTypedMalformedPayload_documentMalformed(String type) {
    JWSHeader header = withHeader(JWSAlgorithm.ES256, builder -> builder.contentType(type));

    assertReason(
        RejectionReason.DOCUMENT_MALFORMED,
        verifyCompact(compact(JwsTestPki.ACME_EC, header, bytes("{\"a\":1} trailing")), "acme"));
  }

  @Test
  void verifyCompact_jsonTypedTooDeep_documentMalformed() {
    JWSHeader header =
        withHeader(
            JWSAlgorithm.ES256, builder -> builder.type(new JOSEObjectType("application/json")));
    byte[] deep = bytes("[".repeat(101) + "]".repeat(101));

    assertReason(
        RejectionReason.DOCUMENT_MALFORMED,
        verifyCompact(compact(JwsTestPki.ACME_EC, header, deep), "acme"));
  }

  @Test
  void verifyCompact_jsonTypedAtDepthLimit_verified() {
    JWSHeader header = withHeader(JWSAlgorithm.ES256, builder -> builder.contentType("json"));
    byte[] deep = bytes("[".repeat(100) + "]".repeat(100));

    assertVerified(verifyCompact(compact(JwsTestPki.ACME_EC, header, deep), "acme"));
  }

  @Test
  void verifyCompact_joseJsonTypeWithTextPayload_verified() {
    // typ JOSE+JSON describes the JWS serialization, not the payload.
    JWSHeader header =
        withHeader(JWSAlgorithm.ES256, builder -> builder.type(JOSEObjectType.JOSE_JSON));

    assertVerified(verifyCompact(compact(JwsTestPki.ACME_EC, header, bytes("not json")), "acme"));
  }

  @Test
  void verifyCompact_payloadOverLimit_documentTooLarge() {
    String jws = compact(JwsTestPki.ACME_EC, JWSAlgorithm.ES256, INVOICE);
    JwsPolicy small = policy.withPayloadLimits(INVOICE.length - 1, 100);

    assertReason(
        RejectionReason.DOCUMENT_TOO_LARGE,
        verifier.verifyCompact(bytes(jws), "acme", directory, small));
  }

  // Rule 9: no input makes the verifier throw.

  @Test
  void verify_randomlyMutatedInput_neverThrows() {
    Random random = new Random(7515);
    byte[] compact = bytes(compact(JwsTestPki.ACME_EC, JWSAlgorithm.ES256, INVOICE));
    byte[] json =
        bytes(
            general(
                INVOICE, List.of(JwsTestPki.ACME_EC), List.of(header(JWSAlgorithm.ES256).build())));
    String detached = TestJws.detached(JwsTestPki.ACME_EC, unencoded(JWSAlgorithm.ES256), INVOICE);

    for (int i = 0; i < 2000; i++) {
      assertNotNull(verifier.verifyCompact(mutate(compact, random), "acme", directory, policy));
      assertNotNull(verifier.verifyJson(mutate(json, random), "acme", directory, policy));
      String mutatedDetached =
          new String(mutate(bytes(detached), random), StandardCharsets.ISO_8859_1);
      assertNotNull(verifier.verifyDetached(INVOICE, mutatedDetached, "acme", directory, policy));
    }
  }

  // Helpers.

  private VerificationOutcome verifyCompact(String jws, String partnerId) {
    return verifier.verifyCompact(bytes(jws), partnerId, directory, policy);
  }

  private VerificationOutcome verifyJson(String json, String partnerId) {
    return verifier.verifyJson(bytes(json), partnerId, directory, policy);
  }

  private VerificationOutcome verifyDetached(byte[] body, String detached, String partnerId) {
    return verifier.verifyDetached(body, detached, partnerId, directory, policy);
  }

  static VerifiedSignature assertVerified(VerificationOutcome outcome) {
    if (outcome instanceof VerificationOutcome.Rejected rejected) {
      throw new AssertionError("Expected verified, but rejected: " + rejected.rejection());
    }
    return assertInstanceOf(VerificationOutcome.Verified.class, outcome).signature();
  }

  static RejectionReason assertRejected(VerificationOutcome outcome) {
    return assertInstanceOf(VerificationOutcome.Rejected.class, outcome, () -> "verified")
        .rejection()
        .reason();
  }

  static void assertReason(RejectionReason expected, VerificationOutcome outcome) {
    VerificationOutcome.Rejected rejected =
        assertInstanceOf(VerificationOutcome.Rejected.class, outcome, "expected " + expected);
    assertEquals(expected, rejected.rejection().reason(), rejected.rejection().detail());
  }

  private static String detail(VerificationOutcome outcome) {
    return ((VerificationOutcome.Rejected) outcome).rejection().detail();
  }

  private static JWSHeader x5cHeader(JWSAlgorithm algorithm, IssuedCertificate certificate) {
    return withHeader(algorithm, builder -> builder.x509CertChain(TestJws.x5c(certificate)));
  }

  private static JWSHeader unencoded(JWSAlgorithm algorithm) {
    return withHeader(
        algorithm, builder -> builder.base64URLEncodePayload(false).criticalParams(Set.of("b64")));
  }

  private static RegisteredHmacKey hmacKey(String partnerId, String keyId) {
    return new RegisteredHmacKey(partnerId, keyId, HMAC_SECRET, null, null);
  }

  /** Parses a header from JSON, so that signing keeps exactly that JSON. */
  static JWSHeader parsedHeader(String json) {
    try {
      return JWSHeader.parse(Base64URL.encode(json));
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String general(
      byte[] payload, List<IssuedCertificate> signers, List<JWSHeader> headers) {
    JWSObjectJSON jws = new JWSObjectJSON(new Payload(payload));
    for (int i = 0; i < signers.size(); i++) {
      try {
        jws.sign(
            headers.get(i),
            TestJws.signer(signers.get(i).keyPair().getPrivate(), headers.get(i).getAlgorithm()));
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }
    return jws.serializeGeneral();
  }

  private static String withSignature(JWSObject jws, byte[] signature) {
    Base64URL[] parts = jws.getParsedParts();
    String header = parts == null ? jws.getHeader().toBase64URL().toString() : parts[0].toString();
    String payload =
        parts == null ? jws.getPayload().toBase64URL().toString() : parts[1].toString();
    return header + "." + payload + "." + Base64URL.encode(signature);
  }

  private static byte[] mutate(byte[] input, Random random) {
    byte[] mutated = input.clone();
    int changes = 1 + random.nextInt(3);
    for (int i = 0; i < changes; i++) {
      mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
    }
    return mutated;
  }

  private static byte[] fixed(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[length];
    int copy = Math.min(bytes.length, length);
    System.arraycopy(bytes, bytes.length - copy, fixed, length - copy, copy);
    return fixed;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] joined = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    return joined;
  }

  private static JWSObject parsed(String compact) {
    try {
      return JWSObject.parse(compact);
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }
}
