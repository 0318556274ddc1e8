package io.countersign.it;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs curl, the HTTP and TLS client that partners use, against the server under test. curl
 * trusts only the test CA and connects to 127.0.0.1 only.
 */
final class Curl {

  /** A response: status, headers (lower-case names, last value wins) and body. */
  record Response(int status, Map<String, String> headers, byte[] body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final List<String> clientOptions = new ArrayList<>();
  private URI baseUri = IntegrationEnvironment.baseUri();

  private Curl() {}

  /** Sends the requests to a proxy on 127.0.0.1:{@code port} instead of the server itself. */
  Curl via(int port) {
    baseUri = URI.create("https://127.0.0.1:" + port);
    return this;
  }

  /** Returns a curl that presents no client certificate. */
  static Curl anonymous() {
    return new Curl();
  }

  /** Returns a curl that presents the given client certificate and key. */
  static Curl withClientCertificate(Path certificate, Path key) {
    Curl curl = new Curl();
    curl.clientOptions.addAll(List.of("--cert", certificate.toString(), "--key", key.toString()));
    return curl;
  }

  static Curl asPartner(String partnerId) {
    IntegrationEnvironment.PartnerKeys keys = IntegrationEnvironment.partner(partnerId);
    return withClientCertificate(keys.tlsCertificate(), keys.tlsKey());
  }

  Response post(String path, String contentType, byte[] body, String... headers)
      throws IOException, InterruptedException {
    Path bodyFile = workFile("body");
    Files.write(bodyFile, body);
    List<String> arguments =
        new ArrayList<>(List.of("-X", "POST", "-H", "Content-Type: " + contentType, "--data-binary", "@" + bodyFile));
    for (String header : headers) {
      arguments.addAll(List.of("-H", header));
    }
    return run(path, arguments);
  }

  /**
   * Posts a file that curl streams from disk, so that neither curl nor the test reads it into
   * memory. {@code --data-binary @FILE} would read the whole file first, hence {@code
   * --upload-file} with the method set to POST.
   *
   * @param timeout the maximum time of the whole exchange, after which curl fails
   */
  Response postFile(String path, String contentType, Path body, Duration timeout, String... headers)
      throws IOException, InterruptedException {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-X",
                "POST",
                "-H",
                "Content-Type: " + contentType,
                "--upload-file",
                body.toString(),
                "--max-time",
                String.valueOf(timeout.toSeconds())));
    for (String header : headers) {
      arguments.addAll(List.of("-H", header));
    }
    return run(path, arguments);
  }

  Response get(String path, String... headers) throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>();
    for (String header : headers) {
      arguments.addAll(List.of("-H", header));
    }
    return run(path, arguments);
  }

  /**
   * Sends a GET and lets curl write the response body to {@code target}, without reading it into
   * memory. The returned response has the status and headers, and an empty body.
   *
   * @param timeout the maximum time of the whole exchange, after which curl fails
   */
  Response download(String path, Path target, Duration timeout) throws IOException, InterruptedException {
    List<String> arguments = List.of("--max-time", String.valueOf(timeout.toSeconds()));
    Exchange exchange = exchange(path, arguments, target);
    return new Response(exchange.status(), exchange.headers(), new byte[0]);
  }

  private Response run(String path, List<String> requestOptions)
      throws IOException, InterruptedException {
    Path bodyFile = workFile("response");
    Exchange exchange = exchange(path, requestOptions, bodyFile);
    return new Response(exchange.status(), exchange.headers(), Files.readAllBytes(bodyFile));
  }

  private record Exchange(int status, Map<String, String> headers) {}

  private Exchange exchange(String path, List<String> requestOptions, Path bodyFile)
      throws IOException, InterruptedException {
    Path headerFile = workFile("headers");
    List<String> command =
        new ArrayList<>(
            List.of(
                "curl",
                "--silent",
                "--show-error",
                "--cacert",
                IntegrationEnvironment.caCertificate().toString(),
                "--dump-header",
                headerFile.toString(),
                "--output",
                bodyFile.toString(),
                "--write-out",
                "%{http_code}"));
    command.addAll(clientOptions);
    command.addAll(requestOptions);
    command.add(baseUri.resolve(path).toString());

    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("curl failed (exit " + process.exitValue() + "): " + output);
    }
    int status = Integer.parseInt(output.trim());
    return new Exchange(status, parseHeaders(headerFile));
  }

  private static Map<String, String> parseHeaders(Path headerFile) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    for (String line : Files.readAllLines(headerFile, StandardCharsets.ISO_8859_1)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  private static Path workFile(String kind) throws IOException {
    Path directory = IntegrationEnvironment.workDirectory();
    Files.createDirectories(directory);
    return directory.resolve("curl-" + kind + "-" + UUID.randomUUID());
  }
}
