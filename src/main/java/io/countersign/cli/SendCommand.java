package io.countersign.cli;

import io.countersign.pki.PemFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Sends a signed document over mutual TLS and keeps the verified receipt. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Sends a signed document to Countersign over mutual TLS, verifies the signed receipt and"
          + " saves it with its JWS.",
      "Prints the receipt JSON to standard output and a one-line summary to standard error."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Document accepted (201) or sent before (200), receipt verified and saved.",
      "1:Error, for example a file not found, a failed TLS handshake or a timeout.",
      "2:Invalid command-line options.",
      "3:Receipt not verified, so it is not saved.",
      "4:The server rejected the document or failed. Its problem details go to standard error."
    })
final class SendCommand implements Callable<Integer> {

  /** The header that carries a detached JWS: the receipt's in a response, the document's in a request. */
  static final String SIGNATURE_HEADER = "X-JWS-Signature";

  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      defaultValue = "https://127.0.0.1:8443",
      paramLabel = "URL",
      description = {"Base URL of the Countersign server.", "Default: ${DEFAULT-VALUE}"})
  URI server;

  @Option(
      names = "--cert",
      required = true,
      paramLabel = "FILE",
      description =
          "PEM file of the TLS client certificate, then any intermediate CA certificates.")
  Path certificateFile;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "PEM file of the TLS client's unencrypted private key.")
  Path keyFile;

  @Option(
      names = "--cacert",
      required = true,
      paramLabel = "FILE",
      description = "PEM file of the CA certificates trusted to issue the server's certificate.")
  Path caFile;

  @Option(
      names = "--content-type",
      defaultValue = "application/xml",
      paramLabel = "TYPE",
      description = "Media type of the document (default: ${DEFAULT-VALUE}).")
  String contentType;

  @Option(
      names = "--detached-jws",
      paramLabel = "FILE",
      description =
          "File with a detached JWS over the document (from sign --format jws-detached or"
              + " jws-unencoded), sent in the X-JWS-Signature request header.")
  Path detachedJwsFile;

  @Option(
      names = "--receipt",
      paramLabel = "FILE",
      description = {
        "File to save the receipt JSON to. The JWS is saved beside it as FILE.jws.",
        "Default: DOCUMENT.receipt.json"
      })
  Path receiptFile;

  @Option(
      names = "--receipt-ca",
      paramLabel = "FILE",
      description =
          "PEM file of the CA certificates trusted to issue the receipt signing certificate"
              + " (default: the --cacert file).")
  Path receiptCaFile;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "Maximum time in seconds to connect, and again to wait for the response"
              + " (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Parameters(paramLabel = "DOCUMENT", description = "The signed document to send.")
  Path document;

  @Override
  public Integer call() throws Exception {
    URI endpoint = documentsEndpoint();
    // Read every key and certificate before sending, so that a bad file fails before the upload.
    ReceiptVerifier verifier = receiptVerifier();
    SSLContext tls = MutualTls.sslContext(certificateFile, keyFile, caFile);

    HttpResponse<byte[]> response = post(endpoint, tls);

    int status = response.statusCode();
    if (status != 200 && status != 201) {
      return reportServerError(response);
    }
    return keepReceipt(response, verifier, ReceiptVerifier.sha256Hex(document));
  }

  private URI documentsEndpoint() {
    if (!"https".equalsIgnoreCase(server.getScheme()) || server.getHost() == null) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid --server '"
              + server
              + "': expected an https URL such as https://127.0.0.1:8443");
    }
    return URI.create(server.toString().replaceFirst("/+$", "") + "/api/documents");
  }

  private ReceiptVerifier receiptVerifier() throws IOException {
    Path trusted = receiptCaFile == null ? caFile : receiptCaFile;
    return new ReceiptVerifier(PemFiles.readCertificates(trusted), Clock.systemUTC());
  }

  private HttpResponse<byte[]> post(URI endpoint, SSLContext tls)
      throws IOException, InterruptedException {
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", contentType)
            .header("Accept", "application/json, application/problem+json")
            // Lets a server that checks the size before it acknowledges respond before the upload.
            .expectContinue(true)
            // Streamed from the file, so that a document of any size is sent in little memory.
            .POST(BodyPublishers.ofFile(document));
    if (detachedJwsFile != null) {
      request.header(SIGNATURE_HEADER, Files.readString(detachedJwsFile, StandardCharsets.US_ASCII).strip());
    }

    try (HttpClient client =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout).build()) {
      return client.send(request.build(), BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new IOException(
          "Timed out after " + timeoutSeconds + " s waiting for " + endpoint, e);
    } catch (ConnectException e) {
      throw new IOException("Failed to connect to " + endpoint, e);
    } catch (SSLHandshakeException e) {
      throw new IOException(
          "TLS handshake with "
              + endpoint
              + " failed. Check that --cacert contains the CA of the server's certificate and"
              + " that the server accepts the --cert client certificate",
          e);
    } catch (IOException e) {
      throw closedDuringUpload(endpoint, e);
    }
  }

  /**
   * Explains a connection closed during the upload. Countersign acknowledges the upload before it
   * checks the size. It responds with 413 to a document over the partner's limit and closes the
   * connection after reading at most 1 MiB more, so the tool may lose that response while it sends.
   */
  private IOException closedDuringUpload(URI endpoint, IOException e) throws IOException {
    return new IOException(
        "The connection to "
            + endpoint
            + " was closed while "
            + Files.size(document)
            + " bytes were sent ("
            + e.getMessage()
            + "). The server closes it after rejecting a document over the partner's"
            + " maxDocumentBytes with 413 document-too-large. Ask the operator for the limit, or"
            + " send the document with curl, which shows the problem details",
        e);
  }

  private int reportServerError(HttpResponse<byte[]> response) {
    PrintWriter err = spec.commandLine().getErr();
    String type = response.headers().firstValue("Content-Type").orElse("no content type");
    err.println(
        "The server rejected the document with HTTP " + response.statusCode() + " (" + type + "):");
    err.println(new String(response.body(), StandardCharsets.UTF_8));
    return CountersignCommand.EXIT_SERVER_ERROR;
  }

  private int keepReceipt(
      HttpResponse<byte[]> response, ReceiptVerifier verifier, String documentSha256)
      throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> jws = response.headers().firstValue(SIGNATURE_HEADER);
    if (jws.isEmpty()) {
      err.println("Receipt not verified: the response has no " + SIGNATURE_HEADER + " header.");
      return CountersignCommand.EXIT_RECEIPT_NOT_VERIFIED;
    }

    switch (verifier.verifyForDigest(response.body(), jws.get(), documentSha256)) {
      case ReceiptOutcome.Rejected rejected -> {
        err.println("Receipt not verified, so it is not saved: " + rejected.describe());
        return CountersignCommand.EXIT_RECEIPT_NOT_VERIFIED;
      }
      case ReceiptOutcome.Verified verified -> {
        Path saved = save(response.body(), jws.get());
        spec.commandLine().getOut().println(new String(response.body(), StandardCharsets.UTF_8));
        err.println(summary(response, verified.receipt(), saved));
        return 0;
      }
    }
  }

  /** Saves the exact receipt bytes and the JWS beside them, and returns the receipt's path. */
  private Path save(byte[] receipt, String jws) throws IOException {
    Path target =
        receiptFile != null
            ? receiptFile
            : document.resolveSibling(document.getFileName() + ".receipt.json");
    Files.write(target, receipt);
    Files.writeString(
        target.resolveSibling(target.getFileName() + ".jws"), jws, StandardCharsets.US_ASCII);
    return target;
  }

  private static String summary(
      HttpResponse<byte[]> response, VerifiedReceipt receipt, Path saved) {
    String location = response.headers().firstValue("Location").orElse("no Location header");
    String outcome =
        response.statusCode() == 201
            ? "201 Created: document " + receipt.documentId() + " accepted"
            : "200 OK: duplicate, document " + receipt.documentId() + " was sent before and this"
                + " is its original receipt from " + receipt.receivedAt();
    return outcome + " (" + location + "). Receipt verified and saved to " + saved + ".";
  }
}
