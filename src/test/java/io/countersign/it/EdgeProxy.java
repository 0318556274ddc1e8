package io.countersign.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx that terminates mutual TLS on 127.0.0.1 and forwards to the server under test,
 * as an edge proxy does. It requests a client certificate without checking its issuer ({@code
 * optional_no_ca}) and forwards it URL-encoded in {@code X-SSL-Client-Cert}.
 *
 * <p>nginx connects to the server from 127.0.0.2, so that the server can tell the trusted proxy
 * from a client that connects to it directly from 127.0.0.1.
 */
final class EdgeProxy implements AutoCloseable {

  /** The source address of the proxy's connections to the server. */
  static final String PROXY_ADDRESS = "127.0.0.2";

  /** The header in which nginx forwards the client certificate. */
  static final String CERTIFICATE_HEADER = "X-SSL-Client-Cert";

  private final Process process;
  private final int port;

  private EdgeProxy(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts nginx on 127.0.0.1:{@code port} in front of the server under test. */
  static EdgeProxy start(int port) throws IOException, InterruptedException {
    return start(port, List.of(IntegrationEnvironment.baseUri().getPort()));
  }

  /** Starts nginx on 127.0.0.1:{@code port}, balancing over servers on these loopback ports. */
  static EdgeProxy start(int port, List<Integer> upstreamPorts)
      throws IOException, InterruptedException {
    Path prefix = Files.createDirectories(IntegrationEnvironment.workDirectory().resolve("nginx-" + port));
    Files.createDirectories(prefix.resolve("logs"));
    Path configuration = prefix.resolve("nginx.conf");
    Files.writeString(configuration, configuration(port, upstreamPorts, prefix), StandardCharsets.UTF_8);

    Process process =
        new ProcessBuilder(
                List.of("nginx", "-p", prefix.toString(), "-c", configuration.toString(), "-g", "daemon off;"))
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("logs/console.log").toFile())
            .start();
    awaitPort(process, port, prefix);
    return new EdgeProxy(process, port);
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static String configuration(int port, List<Integer> upstreamPorts, Path prefix) {
    Path pki = IntegrationEnvironment.pki();
    StringBuilder servers = new StringBuilder();
    for (int upstreamPort : upstreamPorts) {
      servers.append("server 127.0.0.1:").append(upstreamPort).append("; ");
    }
    return """
        worker_processes 1;
        error_log %1$s/logs/error.log info;
        pid %1$s/logs/nginx.pid;
        events { worker_connections 64; }
        http {
          access_log %1$s/logs/access.log;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          client_max_body_size 20m;
          upstream countersign { %7$s}
          server {
            listen 127.0.0.1:%2$d ssl;
            ssl_certificate %3$s/server/tls.pem;
            ssl_certificate_key %3$s/server/tls.key;
            ssl_verify_client optional_no_ca;
            location / {
              proxy_pass https://countersign;
              proxy_bind %5$s;
              proxy_ssl_trusted_certificate %3$s/ca.pem;
              proxy_ssl_verify on;
              proxy_ssl_name localhost;
              proxy_set_header %6$s $ssl_client_escaped_cert;
            }
          }
        }
        """
        .formatted(prefix, port, pki, "", PROXY_ADDRESS, CERTIFICATE_HEADER, servers);
  }

  private static void awaitPort(Process process, int port, Path prefix)
      throws IOException, InterruptedException {
    for (int attempt = 0; attempt < 100; attempt++) {
      if (!process.isAlive()) {
        throw new IOException(
            "nginx exited with " + process.exitValue() + ": " + Files.readString(prefix.resolve("logs/console.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within 10 s");
  }
}
