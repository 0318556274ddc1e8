package io.countersign.signature.xml;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the node scripts in src/test/node that sign and verify with the npm package xml-crypto, an
 * XML Signature implementation independent of Santuario. A missing node or xml-crypto fails the
 * calling test instead of skipping it.
 */
final class XmlCrypto {

  private static final Path NODE_PEERS = Path.of("src", "test", "node");
  private static final long TIMEOUT_SECONDS = 60;

  /** The signature algorithm argument of xml-crypto-sign.mjs. */
  enum Algorithm {
    RSA("rsa"),
    ECDSA("ecdsa");

    private final String argument;

    Algorithm(String argument) {
      this.argument = argument;
    }
  }

  /** The exit code and the combined standard output and standard error of one run. */
  record Result(int exitCode, String output) {}

  private XmlCrypto() {}

  /**
   * Signs the document with xml-crypto-sign.mjs and returns the signed document.
   *
   * @throws AssertionError if the script exits with an error
   */
  static byte[] sign(byte[] document, IssuedCertificate signer, Algorithm algorithm)
      throws IOException, InterruptedException {
    Path directory = workDirectory();
    Path key = directory.resolve("key.pem");
    Path certificate = directory.resolve("cert.pem");
    Path input = Files.write(directory.resolve("unsigned.xml"), document);
    Path output = directory.resolve("signed.xml");
    PemFiles.writePrivateKey(key, signer.keyPair());
    PemFiles.writeCertificates(certificate, List.of(signer.certificate()));

    Result result =
        run(
            directory.resolve("sign.log"),
            "xml-crypto-sign.mjs",
            key.toString(),
            certificate.toString(),
            input.toString(),
            output.toString(),
            algorithm.argument);
    if (result.exitCode() != 0) {
      throw new AssertionError("xml-crypto-sign.mjs failed: " + result.output());
    }
    return Files.readAllBytes(output);
  }

  /** Runs xml-crypto-verify.mjs, which verifies with the given certificate and ignores KeyInfo. */
  static Result verify(byte[] document, IssuedCertificate trusted)
      throws IOException, InterruptedException {
    Path directory = workDirectory();
    Path certificate = directory.resolve("cert.pem");
    Path input = Files.write(directory.resolve("signed.xml"), document);
    PemFiles.writeCertificates(certificate, List.of(trusted.certificate()));

    return run(
        directory.resolve("verify.log"),
        "xml-crypto-verify.mjs",
        certificate.toString(),
        input.toString());
  }

  /** Creates a fresh directory under the build directory for the files of one run. */
  private static Path workDirectory() throws IOException {
    Path build = Path.of(System.getProperty("countersign.buildDirectory", "target"));
    Files.createDirectories(build);
    return Files.createTempDirectory(build, "xml-crypto-");
  }

  private static Result run(Path log, String script, String... arguments)
      throws IOException, InterruptedException {
    requireXmlCrypto();

    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(NODE_PEERS.resolve(script).toString());
    command.addAll(List.of(arguments));
    // Output goes to a file, so that waiting with a timeout does not depend on reading a pipe.
    Process process = start(new ProcessBuilder(command).redirectErrorStream(true), log);

    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(script + " timed out after " + TIMEOUT_SECONDS + " s");
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static Process start(ProcessBuilder builder, Path log) {
    try {
      return builder.redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new AssertionError(
          "Failed to run node: "
              + e.getMessage().strip()
              + ". Install Node.js, put node on the PATH and run 'npm ci' in "
              + NODE_PEERS.toAbsolutePath(),
          e);
    }
  }

  private static void requireXmlCrypto() {
    if (!Files.isDirectory(NODE_PEERS.resolve("node_modules").resolve("xml-crypto"))) {
      throw new AssertionError(
          "The npm package xml-crypto is missing. Run 'npm ci' in " + NODE_PEERS.toAbsolutePath());
    }
  }
}
