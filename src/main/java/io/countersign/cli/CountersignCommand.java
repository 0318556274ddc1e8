package io.countersign.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The Countersign command-line tool for partners and operators. */
@Command(
    name = "countersign",
    mixinStandardHelpOptions = true,
    version = "countersign 0.1.0",
    description = "Signs and sends documents to Countersign, checks its receipts, manages the development PKI.",
    subcommands = {PkiCommand.class})
public final class CountersignCommand {

  public static void main(String[] args) {
    System.exit(new CommandLine(new CountersignCommand()).execute(args));
  }
}
