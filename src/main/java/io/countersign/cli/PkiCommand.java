package io.countersign.cli;

import io.countersign.pki.DevelopmentPki;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Generates the development PKI; existing files are kept. */
@Command(
    name = "pki",
    mixinStandardHelpOptions = true,
    description = "Creates the missing keys and certificates of the development PKI (never overwrites).")
final class PkiCommand implements Callable<Integer> {

  @Option(
      names = "--dir",
      defaultValue = "keystores",
      description = "Directory of the development PKI (default: ${DEFAULT-VALUE}).")
  Path directory;

  @Option(
      names = "--partner",
      defaultValue = "acme,globex",
      split = ",",
      description = "Partner ids to create TLS client and signing keys for (default: ${DEFAULT-VALUE}).")
  List<String> partners;

  @Option(
      names = "--ec-signing",
      split = ",",
      paramLabel = "ID",
      description = "Partner ids whose new signing key is ECDSA P-256 instead of RSA 2048.")
  List<String> ecSigners = List.of();

  @Option(
      names = "--hmac",
      split = ",",
      paramLabel = "ID",
      description = "Partner ids to create a primary and a secondary HMAC secret for.")
  List<String> hmacPartners = List.of();

  @Override
  public Integer call() throws Exception {
    DevelopmentPki pki = new DevelopmentPki(directory, Clock.systemUTC());
    pki.ensure(partners, ecSigners);
    for (String partnerId : hmacPartners) {
      pki.ensureHmacKeys(partnerId);
    }
    System.out.println("Development PKI ready in " + pki.root() + " for partners " + partners);
    return 0;
  }
}
