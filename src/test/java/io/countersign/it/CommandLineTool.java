package io.countersign.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's command-line tool, as partners and operators do. */
final class CommandLineTool {

  private CommandLineTool() {}

  /** Runs the tool and returns its output; fails the test unless it exits with 0. */
  static String run(String... arguments) throws Exception {
    return runExpectingExit(0, arguments);
  }

  /** Runs the tool and returns its output; fails the test if it exits with 0. */
  static String runExpectingFailure(String... arguments) throws Exception {
    return runExpectingExit(-1, arguments);
  }

  /**
   * Runs the tool and returns its output; fails the test unless it exits with {@code exitCode}, or
   * with anything but 0 for -1.
   */
  static String runExpectingExit(int exitCode, String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dh2.bindAddress=127.0.0.1");
    command.add("-jar");
    command.add(IntegrationEnvironment.cliJar().toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the command-line tool timed out");
    String description = String.join(" ", arguments) + "\n" + output;
    if (exitCode < 0) {
      assertNotEquals(0, process.exitValue(), description);
    } else {
      assertEquals(exitCode, process.exitValue(), description);
    }
    return output;
  }

  /** Verifies the evidence chain in a PostgreSQL schema of the test database. */
  static String verifyChain(String schema) throws Exception {
    return run(
        "verify-chain",
        "--jdbc-url",
        "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
        "--user",
        "postgres",
        "--ca",
        IntegrationEnvironment.caCertificate().toString());
  }
}
