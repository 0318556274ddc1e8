package io.countersign.signature.xml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the xmlsec1 command, an XML Signature implementation independent of Santuario, to check that
 * both agree. A missing xmlsec1 fails the calling test instead of skipping it.
 */
final class Xmlsec1 {

  private static final Path EXECUTABLE = Path.of("/usr/bin/xmlsec1");
  private static final long TIMEOUT_SECONDS = 60;

  private static final String SIGNATURE_TEMPLATE =
      """
      <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
        <SignedInfo>
          <CanonicalizationMethod Algorithm="%1$s"/>
          <SignatureMethod Algorithm="%2$s"/>
          <Reference URI="">
            <Transforms>
              <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
              <Transform Algorithm="%1$s"/>
            </Transforms>
            <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
            <DigestValue/>
          </Reference>
        </SignedInfo>
        <SignatureValue/>
        <KeyInfo>
          <X509Data>
            <X509Certificate/>
          </X509Data>
        </KeyInfo>
      </Signature>\
      """;

  /** The exit code and the combined standard output and standard error of one run. */
  record Result(int exitCode, String output) {}

  private Xmlsec1() {}

  /**
   * Returns an empty enveloped signature for {@link #sign} to fill in: SHA-256 over the whole
   * document, with {@code canonicalization} for SignedInfo and after the enveloped-signature
   * transform.
   */
  static String signatureTemplate(String canonicalization, String signatureAlgorithm) {
    return SIGNATURE_TEMPLATE.formatted(canonicalization, signatureAlgorithm);
  }

  /** Creates a fresh directory under the build directory for the files of one run. */
  static Path workDirectory() throws IOException {
    Path build = Path.of(System.getProperty("countersign.buildDirectory", "target"));
    Files.createDirectories(build);
    return Files.createTempDirectory(build, "xmlsec1-");
  }

  /** Runs {@code xmlsec1 --verify --trusted-pem trustedPem document}. */
  static Result verify(Path document, Path trustedPem) throws IOException, InterruptedException {
    return run(
        document.resolveSibling("verify.log"),
        "--verify",
        "--trusted-pem",
        trustedPem.toString(),
        document.toString());
  }

  /** Runs {@code xmlsec1 --sign --privkey-pem key,cert --output output template}. */
  static Result sign(Path template, Path keyPem, Path certificatePem, Path output)
      throws IOException, InterruptedException {
    return run(
        output.resolveSibling("sign.log"),
        "--sign",
        "--privkey-pem",
        keyPem + "," + certificatePem,
        "--output",
        output.toString(),
        template.toString());
  }

  private static Result run(Path log, String... arguments)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new IllegalStateException(EXECUTABLE + " is missing. Install the xmlsec1 package.");
    }

    List<String> command = new ArrayList<>();
    command.add(EXECUTABLE.toString());
    command.addAll(List.of(arguments));
    // Output goes to a file, so that waiting with a timeout does not depend on reading a pipe.
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("xmlsec1 timed out after " + TIMEOUT_SECONDS + " s");
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
