package io.countersign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks receipt JWS against jose4j, a JOSE implementation independent of Nimbus. */
class ReceiptInteroperabilityTest {

  private static final byte[] DOCUMENT = "<invoice/>".getBytes(StandardCharsets.UTF_8);

  private static TestPki pki;

  @BeforeAll
  static void createPki() {
    pki = new TestPki("Countersign Test");
  }

  @Test
  void jose4j_nimbusSignedReceipt_verifies() throws Exception {
    byte[] body = TestReceipts.receipt("d-1", DOCUMENT);
    String detached = TestReceipts.signEs256(body, pki.receiptSigner, pki.ca);

    JsonWebSignature jws = jose4jVerifier(detached, body);

    assertEquals(pki.receiptSigner.certificate(), jws.getLeafCertificateHeaderValue());
    assertTrue(jws.verifySignature());
  }

  @Test
  void jose4j_nimbusSignedReceiptChanged_fails() throws Exception {
    byte[] body = TestReceipts.receipt("d-1", DOCUMENT);
    String detached = TestReceipts.signEs256(body, pki.receiptSigner, pki.ca);
    byte[] changed = TestReceipts.receipt("d-2", DOCUMENT);

    JsonWebSignature jws = jose4jVerifier(detached, changed);

    assertFalse(jws.verifySignature());
  }

  @Test
  void receiptVerifier_jose4jSignedReceipt_verifies() throws Exception {
    byte[] body = TestReceipts.receipt("d-1", DOCUMENT);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayloadBytes(body);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    jws.setCertificateChainHeaderValue(pki.receiptSigner.certificate(), pki.ca.certificate());
    jws.setKey(pki.receiptSigner.keyPair().getPrivate());
    String detached = jws.getDetachedContentCompactSerialization();
    ReceiptVerifier verifier =
        new ReceiptVerifier(List.of(pki.ca.certificate()), Clock.systemUTC());

    ReceiptOutcome outcome = verifier.verify(body, detached, DOCUMENT);

    assertInstanceOf(ReceiptOutcome.Verified.class, outcome);
  }

  /** Parses a detached JWS with jose4j, keyed with its x5c leaf and limited to ES256. */
  private static JsonWebSignature jose4jVerifier(String detached, byte[] body) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmConstraints(
        new AlgorithmConstraints(
            ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
    jws.setCompactSerialization(detached);
    // setPayloadBytes would keep the empty payload part cached from the serialization (jose4j
    // 0.9.6), so the signature would be checked over no content. setEncodedPayload replaces both.
    jws.setEncodedPayload(Base64Url.encode(body));
    jws.setKey(jws.getLeafCertificateHeaderValue().getPublicKey());
    return jws;
  }
}
