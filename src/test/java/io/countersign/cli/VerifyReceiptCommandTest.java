package io.countersign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyReceiptCommandTest {

  private static final byte[] DOCUMENT =
      "<invoice xmlns=\"urn:example\"><total>42.00</total></invoice>"
          .getBytes(StandardCharsets.UTF_8);

  private static TestPki pki;
  private static TestPki otherPki;

  @TempDir Path directory;
  private Path receiptFile;
  private Path caFile;
  private Path documentFile;

  @BeforeAll
  static void createPki() {
    pki = new TestPki("Countersign Test");
    otherPki = new TestPki("Other");
  }

  @BeforeEach
  void writeReceipt() throws Exception {
    byte[] receipt = TestReceipts.receipt("d-1", DOCUMENT);
    receiptFile = directory.resolve("invoice.xml.receipt.json");
    Files.write(receiptFile, receipt);
    Files.writeString(
        directory.resolve("invoice.xml.receipt.json.jws"),
        TestReceipts.signEs256(receipt, pki.receiptSigner, pki.ca));
    caFile = pki.writeCa(directory);
    documentFile = directory.resolve("invoice.xml");
    Files.write(documentFile, DOCUMENT);
  }

  private CommandRun verifyReceipt(String... options) {
    String[] arguments = new String[options.length + 5];
    arguments[0] = "verify-receipt";
    arguments[1] = "--receipt";
    arguments[2] = receiptFile.toString();
    arguments[3] = "--ca";
    arguments[4] = caFile.toString();
    System.arraycopy(options, 0, arguments, 5, options.length);
    return CommandRun.run(arguments);
  }

  @Test
  void verifyReceipt_validReceipt_reportsSigner() {
    CommandRun run = verifyReceipt();

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().startsWith("Receipt verified: document d-1"), run.describe());
    assertTrue(run.out().contains("by 'CN=Countersign Test Receipts'"), run.describe());
    assertTrue(run.out().contains("document not checked"), run.describe());
  }

  @Test
  void verifyReceipt_matchingDocument_reportsMatch() {
    CommandRun run = verifyReceipt("--document", documentFile.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(
        run.out().contains("matches sha256 " + ReceiptVerifier.sha256Hex(DOCUMENT)),
        run.describe());
  }

  @Test
  void verifyReceipt_signatureOption_readsThatFile() throws IOException {
    Path signature = directory.resolve("signature.jws");
    Files.move(directory.resolve("invoice.xml.receipt.json.jws"), signature);

    CommandRun run = verifyReceipt("--signature", signature.toString());

    assertEquals(0, run.exitCode(), run.describe());
  }

  @Test
  void verifyReceipt_changedReceipt_exitsNotVerified() throws IOException {
    String receipt = Files.readString(receiptFile).replace("\"acme\"", "\"globex\"");
    Files.writeString(receiptFile, receipt);

    CommandRun run = verifyReceipt();

    assertEquals(CountersignCommand.EXIT_RECEIPT_NOT_VERIFIED, run.exitCode(), run.describe());
    assertTrue(run.err().contains(ReceiptRejection.SIGNATURE_INVALID.code()), run.describe());
  }

  @Test
  void verifyReceipt_wrongDocument_exitsNotVerified() throws IOException {
    Files.writeString(documentFile, "<invoice/>");

    CommandRun run = verifyReceipt("--document", documentFile.toString());

    assertEquals(CountersignCommand.EXIT_RECEIPT_NOT_VERIFIED, run.exitCode(), run.describe());
    assertTrue(
        run.err().contains(ReceiptRejection.DOCUMENT_DIGEST_MISMATCH.code()), run.describe());
  }

  @Test
  void verifyReceipt_otherCa_exitsNotVerified() throws IOException {
    caFile = otherPki.writeCa(Files.createDirectory(directory.resolve("other")));

    CommandRun run = verifyReceipt();

    assertEquals(CountersignCommand.EXIT_RECEIPT_NOT_VERIFIED, run.exitCode(), run.describe());
    assertTrue(
        run.err().contains(ReceiptRejection.CERTIFICATE_CHAIN_UNTRUSTED.code()), run.describe());
  }

  @Test
  void verifyReceipt_missingSignatureFile_exitsError() throws IOException {
    Files.delete(directory.resolve("invoice.xml.receipt.json.jws"));

    CommandRun run = verifyReceipt();

    assertEquals(CountersignCommand.EXIT_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().contains("File not found"), run.describe());
  }
}
