package io.countersign.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** The Countersign command-line tool for partners and operators. */
@Command(
    name = "countersign",
    mixinStandardHelpOptions = true,
    version = "countersign 0.1.0",
    description =
        "Signs and sends documents to Countersign, checks its receipts, evidence bundles and"
            + " evidence chain, manages the development PKI.",
    subcommands = {
      PkiCommand.class,
      SignCommand.class,
      SendCommand.class,
      VerifyReceiptCommand.class,
      VerifyBundleCommand.class,
      VerifyChainCommand.class,
      CredentialsCommand.class
    })
public final class CountersignCommand {

  /** Exit code of a command that failed with an error, as picocli's for exceptions. */
  static final int EXIT_ERROR = CommandLine.ExitCode.SOFTWARE;

  /** Exit code when a receipt fails verification. */
  static final int EXIT_RECEIPT_NOT_VERIFIED = 3;

  /** Exit code when a check of an evidence bundle fails. */
  static final int EXIT_BUNDLE_NOT_VERIFIED = 3;

  /** Exit code when the server rejects the request or fails with an error response. */
  static final int EXIT_SERVER_ERROR = 4;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Creates the command line of the tool. An exception from a command is reported as one line
   * with its message, not a stack trace, and exits with {@link #EXIT_ERROR}.
   */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new CountersignCommand());
    commandLine.setExecutionExceptionHandler(CountersignCommand::reportError);
    return commandLine;
  }

  private static int reportError(Exception e, CommandLine command, ParseResult parseResult) {
    command.getErr().println(command.getCommandName() + ": " + describe(e));
    return EXIT_ERROR;
  }

  /** Describes an exception and its causes in one line, for an error message. */
  static String describe(Throwable e) {
    String message =
        switch (e) {
          case NoSuchFileException missing -> "File not found: " + missing.getFile();
          case AccessDeniedException denied -> "Permission denied: " + denied.getFile();
          default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    Throwable cause = e.getCause();
    if (cause == null || cause.getMessage() == null || message.contains(cause.getMessage())) {
      return message;
    }
    return message + ": " + describe(cause);
  }
}
