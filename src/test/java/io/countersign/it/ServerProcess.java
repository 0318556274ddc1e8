package io.countersign.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro with the WAR, started as its own process like the run command does, for tests
 * that kill it, restart it or run two of it. It listens on 127.0.0.1:{@code port} only.
 */
final class ServerProcess implements AutoCloseable {

  /** The server's maximum heap size (-Xmx), in MiB. */
  static final int MAX_HEAP_MIB = 256;

  private final int port;
  private final Map<String, String> properties;
  private final List<String> jvmOptions;
  private final Path log;
  private Process process;

  /**
   * @param properties system properties for the server, for example the data source
   */
  ServerProcess(int port, Map<String, String> properties) throws IOException {
    this(port, properties, List.of());
  }

  /**
   * @param properties system properties for the server, for example the data source or {@code
   *     countersign.partners.dir} in place of the tests' partner directory
   * @param jvmOptions further options for the server's JVM, for example a GC log
   */
  ServerProcess(int port, Map<String, String> properties, List<String> jvmOptions) throws IOException {
    this.port = port;
    this.properties = Map.copyOf(properties);
    this.jvmOptions = List.copyOf(jvmOptions);
    this.log = Files.createDirectories(IntegrationEnvironment.workDirectory()).resolve("server-" + port + ".log");
  }

  int port() {
    return port;
  }

  /** Returns the file that the server's output is appended to, across runs of the tests. */
  Path log() {
    return log;
  }

  /** Starts the server and waits until it reports ready, or fails after two minutes. */
  void start() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + MAX_HEAP_MIB + "m");
    command.add("-Dorg.glassfish.startupThreadPolicy=USE_NO_THREADS");
    command.add("-javaagent:" + System.getProperty("countersign.tlsAgent"));
    command.addAll(jvmOptions);
    command.add("-Dcountersign.https.port=" + port);
    if (!properties.containsKey("countersign.partners.dir")) {
      command.add("-Dcountersign.partners.dir=" + System.getProperty("countersign.partners.dir"));
    }
    // A spool directory per server, so that each locks its own and deletes its leftovers at start.
    command.add("-Dcountersign.spool.dir=" + IntegrationEnvironment.workDirectory().resolve("spool-" + port));
    properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("payara.microJar"),
            "--nohazelcast",
            "--systemproperties",
            IntegrationEnvironment.pki().resolve("server/payara.properties").toString(),
            "--prebootcommandfile",
            System.getProperty("countersign.preboot"),
            "--deploy",
            IntegrationEnvironment.war().toString()));
    process =
        new ProcessBuilder(command)
            .directory(IntegrationEnvironment.workDirectory().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitReady();
  }

  /** Kills the server at once (SIGKILL), as a crash would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("The server on port " + port + " exited; see " + log);
      }
      try {
        if (Curl.anonymous().via(port).get("/health/ready").status() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    kill();
    throw new IOException("The server on port " + port + " was not ready within 2 minutes; see " + log);
  }
}
