package io.countersign.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptVerifierTest {

  private static final byte[] DOCUMENT =
      "<invoice xmlns=\"urn:example\"><total>42.00</total></invoice>"
          .getBytes(StandardCharsets.UTF_8);

  private static TestPki pki;
  private static TestPki otherPki;
  private static ReceiptVerifier verifier;

  @BeforeAll
  static void createPki() {
    pki = new TestPki("Countersign Test");
    otherPki = new TestPki("Other");
    verifier = new ReceiptVerifier(List.of(pki.ca.certificate()), Clock.systemUTC());
  }

  private static byte[] receipt() {
    return TestReceipts.receipt("d-1", DOCUMENT);
  }

  private static String sign(byte[] body) throws JOSEException {
    return TestReceipts.signEs256(body, pki.receiptSigner, pki.ca);
  }

  private static ReceiptRejection rejection(ReceiptOutcome outcome) {
    return assertInstanceOf(ReceiptOutcome.Rejected.class, outcome).reason();
  }

  @Test
  void verify_signedReceipt_returnsVerified() throws Exception {
    byte[] body = receipt();

    ReceiptOutcome outcome = verifier.verify(body, sign(body));

    VerifiedReceipt receipt = assertInstanceOf(ReceiptOutcome.Verified.class, outcome).receipt();
    assertEquals("d-1", receipt.documentId());
    assertEquals("acme", receipt.partner());
    assertEquals(ReceiptVerifier.sha256Hex(DOCUMENT), receipt.sha256());
    assertEquals(JWSAlgorithm.ES256, receipt.algorithm());
    assertEquals(pki.receiptSigner.certificate(), receipt.signer());
    assertArrayEquals(body, receipt.body());
  }

  @Test
  void verify_matchingDocument_returnsVerified() throws Exception {
    byte[] body = receipt();

    ReceiptOutcome outcome = verifier.verify(body, sign(body), DOCUMENT);

    assertInstanceOf(ReceiptOutcome.Verified.class, outcome);
  }

  @Test
  void verify_trailingLineBreak_returnsVerified() throws Exception {
    byte[] body = receipt();

    ReceiptOutcome outcome = verifier.verify(body, sign(body) + "\n");

    assertInstanceOf(ReceiptOutcome.Verified.class, outcome);
  }

  @Test
  void verify_ps256Receipt_returnsVerified() throws Exception {
    KeyPair rsaKeys = CertificateIssuer.generateRsaKeyPair(2048);
    IssuedCertificate rsaSigner =
        pki.issue("CN=RSA Receipts", rsaKeys, Role.RECEIPT_SIGNING, List.of());
    byte[] body = receipt();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.PS256)
            .x509CertChain(TestReceipts.x5c(rsaSigner.certificate(), pki.ca.certificate()))
            .build();
    String jws =
        TestReceipts.signDetached(
            body, header, new RSASSASigner(rsaSigner.keyPair().getPrivate()));

    ReceiptOutcome outcome = verifier.verify(body, jws);

    assertInstanceOf(ReceiptOutcome.Verified.class, outcome);
  }

  @Test
  void verify_changedBody_rejectsSignatureInvalid() throws Exception {
    byte[] body = receipt();
    String jws = sign(body);
    String changedJson =
        new String(body, StandardCharsets.UTF_8).replace("\"d-1\"", "\"d-2\"");
    byte[] changed = changedJson.getBytes(StandardCharsets.UTF_8);

    ReceiptOutcome outcome = verifier.verify(changed, jws);

    assertEquals(ReceiptRejection.SIGNATURE_INVALID, rejection(outcome));
  }

  @Test
  void verify_flippedSignatureByte_rejectsInvalid() throws Exception {
    byte[] body = receipt();
    Base64URL[] parts = JOSEObject.split(sign(body));
    byte[] signature = parts[2].decode();

    for (int i = 0; i < signature.length; i++) {
      byte[] changed = signature.clone();
      changed[i] ^= 0x01;
      String jws = parts[0] + ".." + Base64URL.encode(changed);

      ReceiptOutcome outcome = verifier.verify(body, jws);

      assertEquals(ReceiptRejection.SIGNATURE_INVALID, rejection(outcome), "byte " + i);
    }
  }

  @Test
  void verify_chainFromOtherCa_rejectsUntrustedChain() throws Exception {
    byte[] body = receipt();
    String jws = TestReceipts.signEs256(body, otherPki.receiptSigner, otherPki.ca);

    ReceiptOutcome outcome = verifier.verify(body, jws);

    assertEquals(ReceiptRejection.CERTIFICATE_CHAIN_UNTRUSTED, rejection(outcome));
  }

  @Test
  void verify_otherSignerTrustedCa_rejectsUntrusted() throws Exception {
    byte[] body = receipt();
    String jws = TestReceipts.signEs256(body, otherPki.receiptSigner, pki.ca);

    ReceiptOutcome outcome = verifier.verify(body, jws);

    assertEquals(ReceiptRejection.CERTIFICATE_CHAIN_UNTRUSTED, rejection(outcome));
  }

  @Test
  void verify_expiredSigner_rejectsUntrustedChain() throws Exception {
    byte[] body = receipt();
    Clock later = Clock.offset(Clock.systemUTC(), TestPki.VALIDITY.plus(Duration.ofHours(1)));
    ReceiptVerifier laterVerifier = new ReceiptVerifier(List.of(pki.ca.certificate()), later);

    ReceiptOutcome outcome = laterVerifier.verify(body, sign(body));

    assertEquals(ReceiptRejection.CERTIFICATE_CHAIN_UNTRUSTED, rejection(outcome));
  }

  @Test
  void verify_missingX5c_rejectsChainMissing() throws Exception {
    byte[] body = receipt();
    String jws =
        TestReceipts.signDetached(
            body,
            new JWSHeader(JWSAlgorithm.ES256),
            new ECDSASigner((ECPrivateKey) pki.receiptSigner.keyPair().getPrivate()));

    ReceiptOutcome outcome = verifier.verify(body, jws);

    assertEquals(ReceiptRejection.CERTIFICATE_CHAIN_MISSING, rejection(outcome));
  }

  @Test
  void verify_signerWithoutDigitalSignature_rejectsKeyUsage() throws Exception {
    // An intermediate CA certificate chains to the trusted CA but only allows certificate signing.
    IssuedCertificate intermediate =
        pki.issue("CN=Intermediate", Role.CERTIFICATE_AUTHORITY, List.of());
    byte[] body = receipt();
    String jws = TestReceipts.signEs256(body, intermediate, pki.ca);

    ReceiptOutcome outcome = verifier.verify(body, jws);

    assertEquals(ReceiptRejection.KEY_USAGE_NOT_ALLOWED, rejection(outcome));
  }

  @Test
  void verify_algNone_rejectsAlgorithmNotAllowed() throws Exception {
    byte[] body = receipt();
    String unsecured = new PlainHeader().toBase64URL() + "..";

    ReceiptOutcome outcome = verifier.verify(body, unsecured);

    assertEquals(ReceiptRejection.ALGORITHM_NOT_ALLOWED, rejection(outcome));
  }

  @Test
  void verify_algNoneWithSignature_rejects() throws Exception {
    byte[] body = receipt();
    Base64URL[] parts = JOSEObject.split(sign(body));
    String unsecured = new PlainHeader().toBase64URL() + ".." + parts[2];

    ReceiptOutcome outcome = verifier.verify(body, unsecured);

    assertEquals(ReceiptRejection.ALGORITHM_NOT_ALLOWED, rejection(outcome));
  }

  @Test
  void verify_hs256_rejectsAlgorithmNotAllowed() throws Exception {
    byte[] body = receipt();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.HS256)
            .x509CertChain(
                TestReceipts.x5c(pki.receiptSigner.certificate(), pki.ca.certificate()))
            .build();
    // The classic key confusion: an HMAC keyed with the signer's public key, which anyone has.
    byte[] publicKey = pki.receiptSigner.certificate().getPublicKey().getEncoded();
    String jws = TestReceipts.signDetached(body, header, new MACSigner(publicKey));

    ReceiptOutcome outcome = verifier.verify(body, jws);

    assertEquals(ReceiptRejection.ALGORITHM_NOT_ALLOWED, rejection(outcome));
  }

  @Test
  void verify_rs256OnEcKey_rejects() throws Exception {
    byte[] body = receipt();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .x509CertChain(
                TestReceipts.x5c(pki.receiptSigner.certificate(), pki.ca.certificate()))
            .build();
    var rsaKey = CertificateIssuer.generateRsaKeyPair(2048).getPrivate();
    String jws = TestReceipts.signDetached(body, header, new RSASSASigner(rsaKey));

    ReceiptOutcome outcome = verifier.verify(body, jws);

    assertEquals(ReceiptRejection.ALGORITHM_NOT_ALLOWED, rejection(outcome));
  }

  @Test
  void verify_attachedPayload_rejectsSignatureMalformed() throws Exception {
    byte[] body = receipt();
    JWSObject attached = JWSObject.parse(sign(body), new Payload(body));

    ReceiptOutcome outcome = verifier.verify(body, attached.serialize(false));

    assertEquals(ReceiptRejection.SIGNATURE_MALFORMED, rejection(outcome));
  }

  @Test
  void verify_garbage_rejectsSignatureMalformed() {
    ReceiptOutcome outcome = verifier.verify(receipt(), "not a JWS");

    assertEquals(ReceiptRejection.SIGNATURE_MALFORMED, rejection(outcome));
  }

  @Test
  void verify_signedBodyNotJson_rejectsReceiptMalformed() throws Exception {
    byte[] body = "<receipt/>".getBytes(StandardCharsets.UTF_8);

    ReceiptOutcome outcome = verifier.verify(body, sign(body));

    assertEquals(ReceiptRejection.RECEIPT_MALFORMED, rejection(outcome));
  }

  @Test
  void verify_signedBodyWithoutSha256_rejectsReceiptMalformed() throws Exception {
    byte[] body =
        "{\"documentId\":\"d-1\",\"partner\":\"acme\",\"receivedAt\":\"2026-01-01T00:00:00Z\"}"
            .getBytes(StandardCharsets.UTF_8);

    ReceiptOutcome outcome = verifier.verify(body, sign(body));

    assertEquals(ReceiptRejection.RECEIPT_MALFORMED, rejection(outcome));
  }

  @Test
  void verify_wrongDocument_rejectsDigestMismatch() throws Exception {
    byte[] body = receipt();
    byte[] otherDocument = "<invoice/>".getBytes(StandardCharsets.UTF_8);

    ReceiptOutcome outcome = verifier.verify(body, sign(body), otherDocument);

    assertEquals(ReceiptRejection.DOCUMENT_DIGEST_MISMATCH, rejection(outcome));
  }

  @Test
  void verifyForDigest_fileDigest_returnsVerified(@TempDir Path directory) throws Exception {
    byte[] body = receipt();
    Path document = Files.write(directory.resolve("invoice.xml"), DOCUMENT);

    ReceiptOutcome outcome = verifier.verifyForDigest(body, sign(body), ReceiptVerifier.sha256Hex(document));

    assertInstanceOf(ReceiptOutcome.Verified.class, outcome);
  }

  @Test
  void verifyForDigest_otherDigest_rejectsDigestMismatch() throws Exception {
    byte[] body = receipt();
    String otherDigest = ReceiptVerifier.sha256Hex("<invoice/>".getBytes(StandardCharsets.UTF_8));

    ReceiptOutcome outcome = verifier.verifyForDigest(body, sign(body), otherDigest);

    assertEquals(ReceiptRejection.DOCUMENT_DIGEST_MISMATCH, rejection(outcome));
  }

  @Test
  void sha256Hex_file_matchesBytes(@TempDir Path directory) throws Exception {
    byte[] content = new byte[3 * 1024 * 1024 + 7];
    new Random(1).nextBytes(content);
    Path file = Files.write(directory.resolve("content.bin"), content);

    assertEquals(ReceiptVerifier.sha256Hex(content), ReceiptVerifier.sha256Hex(file));
  }
}
