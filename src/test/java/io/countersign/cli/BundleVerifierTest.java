package io.countersign.cli;

import static io.countersign.cli.BundleCheck.Result.FAILED;
import static io.countersign.cli.BundleCheck.Result.OK;
import static io.countersign.cli.BundleCheck.Result.SKIPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import io.countersign.bundle.BundleLayout;
import io.countersign.bundle.BundleReader;
import io.countersign.evidence.ChainEvidence;
import io.countersign.evidence.DocumentRecord;
import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.PemFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleVerifierTest {

  private final TestBundles bundles = new TestBundles();
  private final BundleVerifier verifier =
      new BundleVerifier(
          List.of(bundles.pki.ca.certificate()),
          List.of(bundles.pki.ca.certificate()),
          Clock.systemUTC());

  @Test
  void verify_untouchedXmlBundle_passesEveryCheck() throws Exception {
    List<BundleCheck> checks = verify(TestBundles.bundle(bundles.xmlDocument()));

    for (String name :
        List.of(
            BundleLayoutCheck.NAME,
            BundleVerifier.RECEIPT_SIGNATURE,
            BundleVerifier.RECEIPT_DIGEST,
            BundleVerifier.SIGNER_CERTIFICATE,
            DocumentSignatureCheck.NAME,
            BundleVerifier.SIGNER_PATH,
            BundleVerifier.CLIENT_CERTIFICATE)) {
      assertResult(OK, name, checks);
    }
    assertNoneFailed(checks);
  }

  @Test
  void verify_xmlDocumentOver10MiB_verifiesSignature() throws Exception {
    String note = "  <Note>" + "x".repeat(1000) + "</Note>\n";
    String invoice = TestBundles.INVOICE.replace("</Invoice>", note.repeat(11 * 1024) + "</Invoice>");

    List<BundleCheck> checks = verify(TestBundles.bundle(bundles.xmlDocument(invoice)));

    assertTrue(invoice.length() > 10 * 1024 * 1024, "above the default XML document limit");
    assertResult(OK, DocumentSignatureCheck.NAME, checks);
    assertNoneFailed(checks);
  }

  @Test
  void verify_changedDocumentByte_failsDigestAndSignature() throws Exception {
    byte[] bundle = TestBundles.bundle(bundles.xmlDocument());
    byte[] changed = TestBundles.withEntry(bundle, "document.xml", replace("TOSL108", "TOSL109"));

    List<BundleCheck> checks = verify(changed);

    assertResult(FAILED, BundleVerifier.RECEIPT_DIGEST, checks);
    assertResult(FAILED, DocumentSignatureCheck.NAME, checks);
    assertTrue(
        check(DocumentSignatureCheck.NAME, checks).detail().startsWith("reference-digest-mismatch"),
        describe(checks));
    assertResult(OK, BundleVerifier.RECEIPT_SIGNATURE, checks);
  }

  @Test
  void verify_changedReceiptByte_failsReceiptSignature() throws Exception {
    byte[] bundle = TestBundles.bundle(bundles.xmlDocument());
    // The receipt starts with {"documentId":" so byte 15 is in the id, and the JSON stays valid.
    byte[] changed = TestBundles.withEntry(bundle, BundleLayout.RECEIPT, TestBundles.setByte(15, 'z'));

    List<BundleCheck> checks = verify(changed);

    assertResult(FAILED, BundleVerifier.RECEIPT_SIGNATURE, checks);
    assertTrue(
        check(BundleVerifier.RECEIPT_SIGNATURE, checks).detail().startsWith("signature-invalid"),
        describe(checks));
  }

  @Test
  void verify_receiptJwsOtherKey_fails() throws Exception {
    DocumentRecord record = bundles.xmlDocument();
    byte[] bundle = TestBundles.bundle(record);
    // The genuine certificate chain in x5c, but the signature made with another key.
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .x509CertChain(
                TestReceipts.x5c(
                    bundles.pki.receiptSigner.certificate(), bundles.pki.ca.certificate()))
            .build();
    ECPrivateKey otherKey =
        (ECPrivateKey) CertificateIssuer.generateEcKeyPair().getPrivate();
    String forged =
        TestReceipts.signDetached(record.getReceipt(), header, new ECDSASigner(otherKey));
    byte[] changed =
        TestBundles.withEntry(bundle, BundleLayout.RECEIPT_SIGNATURE, jws -> ascii(forged));

    List<BundleCheck> checks = verify(changed);

    assertResult(FAILED, BundleVerifier.RECEIPT_SIGNATURE, checks);
    assertResult(OK, BundleVerifier.RECEIPT_DIGEST, checks);
  }

  @Test
  void verify_receiptFromUntrustedCa_failsReceiptSignature() throws Exception {
    TestPki other = new TestPki("Other");
    DocumentRecord record = bundles.xmlDocument();
    String jws = TestReceipts.signEs256(record.getReceipt(), other.receiptSigner, other.ca);
    byte[] changed =
        TestBundles.withEntry(
            TestBundles.bundle(record), BundleLayout.RECEIPT_SIGNATURE, old -> ascii(jws));

    List<BundleCheck> checks = verify(changed);

    assertResult(FAILED, BundleVerifier.RECEIPT_SIGNATURE, checks);
    assertTrue(
        check(BundleVerifier.RECEIPT_SIGNATURE, checks)
            .detail()
            .startsWith("certificate-chain-untrusted"),
        describe(checks));
  }

  @Test
  void verify_signerNotInReceipt_failsSignerCertificate() throws Exception {
    byte[] bundle = TestBundles.bundle(bundles.xmlDocument());
    String otherPem = PemFiles.toPem(List.of(bundles.otherSigner.certificate()));
    byte[] changed =
        TestBundles.withEntry(bundle, BundleLayout.SIGNER_CERTIFICATES, pem -> ascii(otherPem));

    List<BundleCheck> checks = verify(changed);

    assertResult(FAILED, BundleVerifier.SIGNER_CERTIFICATE, checks);
    assertResult(FAILED, DocumentSignatureCheck.NAME, checks);
  }

  @Test
  void verify_hmacDocument_skipsSignatureWithoutNonRepudiation() throws Exception {
    DocumentRecord record = bundles.xmlDocument();
    TestBundles.setContent(record, ascii("e30.e30.c2ln"), "application/jose");
    record.setSignature("jws-compact-hmac", "HS256", null, TestBundles.sha256("mac"));
    record.setSharedKeySigner();
    record.setCertificates(null, null, null, record.getClientCertificate());
    bundles.sign(record);

    List<BundleCheck> checks = verify(TestBundles.bundle(record));

    assertResult(SKIPPED, DocumentSignatureCheck.NAME, checks);
    assertTrue(
        check(DocumentSignatureCheck.NAME, checks).detail().contains("non-repudiation false"),
        describe(checks));
    assertResult(SKIPPED, BundleVerifier.SIGNER_CERTIFICATE, checks);
    assertNoneFailed(checks);
  }

  @Test
  void verify_checkpointAtRecord_passesChainChecks() throws Exception {
    DocumentRecord record = bundles.xmlDocument();
    ChainEvidence.ChainLink link = link(record, 7);

    List<BundleCheck> checks = verify(TestBundles.bundle(record, link, checkpoint(7, link.recordHash())));

    assertResult(OK, ChainCheck.RECORD, checks);
    assertResult(OK, ChainCheck.CHECKPOINT_SIGNATURE, checks);
    assertResult(OK, ChainCheck.CHECKPOINT_HEAD, checks);
    assertNoneFailed(checks);
  }

  @Test
  void verify_wrongRecordHash_failsChainRecord() throws Exception {
    DocumentRecord record = bundles.xmlDocument();
    ChainEvidence.ChainLink link =
        new ChainEvidence.ChainLink(7, TestBundles.sha256("previous"), TestBundles.sha256("other"));

    List<BundleCheck> checks = verify(TestBundles.bundle(record, link, null));

    assertResult(FAILED, ChainCheck.RECORD, checks);
    assertResult(SKIPPED, ChainCheck.CHECKPOINT_HEAD, checks);
  }

  @Test
  void verify_laterCheckpoint_skipsInclusion() throws Exception {
    DocumentRecord record = bundles.xmlDocument();
    ChainEvidence.ChainLink link = link(record, 7);

    List<BundleCheck> checks =
        verify(TestBundles.bundle(record, link, checkpoint(9, TestBundles.sha256("head"))));

    assertResult(OK, ChainCheck.CHECKPOINT_SIGNATURE, checks);
    assertResult(SKIPPED, ChainCheck.CHECKPOINT_HEAD, checks);
    assertNoneFailed(checks);
  }

  @Test
  void verify_checkpointHeadNotRecord_failsHead() throws Exception {
    DocumentRecord record = bundles.xmlDocument();
    ChainEvidence.ChainLink link = link(record, 7);

    List<BundleCheck> checks =
        verify(TestBundles.bundle(record, link, checkpoint(7, TestBundles.sha256("head"))));

    assertResult(FAILED, ChainCheck.CHECKPOINT_HEAD, checks);
  }

  @Test
  void command_verifiedBundle_exitsZero(@TempDir Path directory) throws Exception {
    Path bundle = Files.write(directory.resolve("bundle.asice"), TestBundles.bundle(bundles.xmlDocument()));
    Path ca = bundles.pki.writeCa(directory);

    CommandRun run =
        CommandRun.run("verify-bundle", "--ca", ca.toString(), "--partner-ca", ca.toString(), bundle.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().contains("OK      document-signature"), run.describe());
    assertTrue(run.out().contains("Bundle verified."), run.describe());
  }

  @Test
  void command_failedCheck_exitsThree(@TempDir Path directory) throws Exception {
    byte[] changed =
        TestBundles.withEntry(
            TestBundles.bundle(bundles.xmlDocument()),
            "document.xml",
            replace("TOSL108", "TOSL109"));
    Path bundle = Files.write(directory.resolve("bundle.asice"), changed);
    Path ca = bundles.pki.writeCa(directory);

    CommandRun run = CommandRun.run("verify-bundle", "--ca", ca.toString(), bundle.toString());

    assertEquals(CountersignCommand.EXIT_BUNDLE_NOT_VERIFIED, run.exitCode(), run.describe());
    assertTrue(run.out().contains("FAILED  receipt-document-digest"), run.describe());
  }

  @Test
  void command_notZip_exitsOne(@TempDir Path directory) throws Exception {
    Path bundle = Files.writeString(directory.resolve("bundle.asice"), "not a zip");
    Path ca = bundles.pki.writeCa(directory);

    CommandRun run = CommandRun.run("verify-bundle", "--ca", ca.toString(), bundle.toString());

    assertEquals(CountersignCommand.EXIT_ERROR, run.exitCode(), run.describe());
  }

  private List<BundleCheck> verify(byte[] bundle) throws Exception {
    return verifier.verify(BundleReader.read(bundle));
  }

  private static ChainEvidence.ChainLink link(DocumentRecord record, long sequence) {
    String previous = TestBundles.sha256("previous record");
    return new ChainEvidence.ChainLink(
        sequence, previous, ChainCheck.recordHash(previous, record.getReceipt()));
  }

  private ChainEvidence.Checkpoint checkpoint(long sequence, String headHash) throws Exception {
    byte[] statement =
        ascii(
            "{\"sequence\":"
                + sequence
                + ",\"headHash\":\""
                + headHash
                + "\",\"createdAt\":\"2026-12-04T18:00:00Z\"}");
    String signature =
        TestReceipts.signEs256(statement, bundles.pki.receiptSigner, bundles.pki.ca);
    return new ChainEvidence.Checkpoint(sequence, headHash, statement, signature, null);
  }

  private static java.util.function.UnaryOperator<byte[]> replace(String from, String to) {
    return bytes -> {
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertTrue(text.contains(from), text);
      return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
    };
  }

  private static void assertResult(BundleCheck.Result expected, String name, List<BundleCheck> checks) {
    assertEquals(expected, check(name, checks).result(), name + " in\n" + describe(checks));
  }

  private static void assertNoneFailed(List<BundleCheck> checks) {
    assertTrue(checks.stream().noneMatch(check -> check.result() == FAILED), describe(checks));
  }

  private static BundleCheck check(String name, List<BundleCheck> checks) {
    return checks.stream()
        .filter(check -> check.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No check " + name + " in\n" + describe(checks)));
  }

  private static String describe(List<BundleCheck> checks) {
    return checks.stream()
        .map(check -> check.result() + " " + check.name() + " " + check.detail())
        .collect(Collectors.joining("\n"));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
