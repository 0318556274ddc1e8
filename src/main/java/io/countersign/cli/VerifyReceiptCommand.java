package io.countersign.cli;

import io.countersign.pki.PemFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Verifies a saved receipt, for example one that a partner shows as evidence. */
@Command(
    name = "verify-receipt",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies a Countersign receipt: its detached JWS, the signing certificate's chain to the CA"
          + " and, with --document, the document's SHA-256.",
      "NOTE: certificate revocation is not checked."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Receipt verified.",
      "1:Error, for example a file not found.",
      "2:Invalid command-line options.",
      "3:Receipt not verified. The message names the check that failed."
    })
final class VerifyReceiptCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--receipt",
      required = true,
      paramLabel = "FILE",
      description = "Receipt JSON, byte for byte as the server sent it.")
  Path receiptFile;

  @Option(
      names = "--signature",
      paramLabel = "FILE",
      description = {
        "Detached JWS of the receipt.", "Default: the --receipt file with .jws appended"
      })
  Path signatureFile;

  @Option(
      names = "--ca",
      required = true,
      paramLabel = "FILE",
      description =
          "PEM file of the CA certificates trusted to issue the receipt signing certificate.")
  Path caFile;

  @Option(
      names = "--document",
      paramLabel = "FILE",
      description = "The document that was sent, to check against the receipt's sha256.")
  Path documentFile;

  @Override
  public Integer call() throws Exception {
    byte[] receipt = Files.readAllBytes(receiptFile);
    String jws = Files.readString(signature(), StandardCharsets.US_ASCII);
    // Hashed as a stream, because a document may be larger than the heap.
    String documentSha256 = documentFile == null ? null : ReceiptVerifier.sha256Hex(documentFile);
    ReceiptVerifier verifier =
        new ReceiptVerifier(PemFiles.readCertificates(caFile), Clock.systemUTC());

    return switch (verifier.verifyWithDigest(receipt, jws, documentSha256)) {
      case ReceiptOutcome.Verified verified -> report(verified.receipt());
      case ReceiptOutcome.Rejected rejected -> {
        spec.commandLine().getErr().println("Receipt not verified: " + rejected.describe());
        yield CountersignCommand.EXIT_RECEIPT_NOT_VERIFIED;
      }
    };
  }

  private Path signature() {
    return signatureFile != null
        ? signatureFile
        : receiptFile.resolveSibling(receiptFile.getFileName() + ".jws");
  }

  private int report(VerifiedReceipt receipt) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "Receipt verified: document "
            + receipt.documentId()
            + " of partner "
            + receipt.partner()
            + ", received at "
            + receipt.receivedAt());
    out.println(
        "  signed with "
            + receipt.algorithm()
            + " by '"
            + receipt.signer().getSubjectX500Principal().getName()
            + "', issued by '"
            + receipt.signer().getIssuerX500Principal().getName()
            + "', chain valid to a CA in "
            + caFile);
    if (documentFile != null) {
      out.println("  document " + documentFile + " matches sha256 " + receipt.sha256());
    } else {
      out.println("  document not checked; pass --document to compare sha256 " + receipt.sha256());
    }
    return 0;
  }
}
