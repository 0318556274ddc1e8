package io.countersign.cli;

import io.countersign.bundle.BundleContents;
import io.countersign.bundle.BundleLayout;
import io.countersign.bundle.BundleReader;
import io.countersign.bundle.InvalidBundleException;
import io.countersign.pki.PemFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Verifies an evidence bundle offline, as a third party would. */
@Command(
    name = "verify-bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies an evidence bundle (GET /api/documents/{id}/evidence) without the server: the"
          + " receipt's JWS and digest, the document's signature with the stored signer"
          + " certificate, that certificate against the receipt and --partner-ca, the stored OCSP"
          + " responses and the hash chain. Prints each check with OK, FAILED or SKIPPED.",
      "NOTE: no revocation status is fetched; only the stored evidence is checked."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Every applicable check passed.",
      "1:Error, for example a file not found or a file that is not a zip.",
      "2:Invalid command-line options.",
      "3:A check failed. Its line names it."
    })
final class VerifyBundleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--ca",
      required = true,
      paramLabel = "FILE",
      description = "PEM file of the CA certificates trusted to issue the receipt signing certificate.")
  Path caFile;

  @Option(
      names = "--partner-ca",
      paramLabel = "FILE",
      description = {
        "PEM file of the partner's CA certificates, to check the signer's path at the time of"
            + " receipt and the OCSP responses of certificates that the partner's CA issued."
            + " Repeatable.",
        "Default: the signer's path is not checked."
      })
  List<Path> partnerCaFiles = new ArrayList<>();

  @Option(
      names = "--at",
      paramLabel = "INSTANT",
      description = {
        "Validate the receipt's certificate chain at this ISO-8601 instant, for example the"
            + " receivedAt of a bundle whose receipt certificate has expired since.",
        "Default: now"
      })
  Instant at;

  @Parameters(index = "0", paramLabel = "BUNDLE", description = "The evidence bundle (zip).")
  Path bundleFile;

  @Override
  public Integer call() throws Exception {
    BundleContents bundle;
    try {
      bundle = BundleReader.read(Files.readAllBytes(bundleFile));
    } catch (InvalidBundleException e) {
      spec.commandLine().getErr().println(bundleFile + ": " + e.getMessage());
      return CountersignCommand.EXIT_ERROR;
    }

    List<X509Certificate> partnerCas = new ArrayList<>();
    for (Path file : partnerCaFiles) {
      partnerCas.addAll(PemFiles.readCertificates(file));
    }
    Clock clock = at == null ? Clock.systemUTC() : Clock.fixed(at, ZoneOffset.UTC);
    BundleVerifier verifier =
        new BundleVerifier(PemFiles.readCertificates(caFile), partnerCas, clock);

    return report(verifier.verify(bundle), bundle);
  }

  private int report(List<BundleCheck> checks, BundleContents bundle) {
    PrintWriter out = spec.commandLine().getOut();
    for (BundleCheck check : checks) {
      out.printf(Locale.ROOT, "%-7s %-24s %s%n", check.result(), check.name(), check.detail());
    }
    bundle
        .entry(BundleLayout.RECEIPT)
        .flatMap(ReceiptFields::parse)
        .ifPresent(fields -> out.println("non-repudiation: " + fields.nonRepudiation()));

    boolean failed = checks.stream().anyMatch(check -> check.result() == BundleCheck.Result.FAILED);
    if (failed) {
      spec.commandLine().getErr().println("Bundle not verified: a check failed.");
      return CountersignCommand.EXIT_BUNDLE_NOT_VERIFIED;
    }
    out.println("Bundle verified.");
    return 0;
  }
}
