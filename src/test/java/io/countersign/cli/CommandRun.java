package io.countersign.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The exit code and output of one run of the countersign command line. */
record CommandRun(int exitCode, String out, String err) {

  /** Runs the command line as {@code main} does, with both output streams captured. */
  static CommandRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = CountersignCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  /** Describes the run for an assertion message. */
  String describe() {
    return "exit code " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
  }
}
