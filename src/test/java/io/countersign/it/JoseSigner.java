package io.countersign.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Signs test documents as JWS with the npm package jose, through {@code sign-jws.mjs}. */
final class JoseSigner {

  private JoseSigner() {}

  /**
   * Signs {@code document} with the partner's signing key.
   *
   * @param form compact, flattened, general, detached, unencoded or raw (see sign-jws.mjs)
   * @param extraHeader JSON merged into the protected header; for raw, the whole header
   */
  static String sign(String form, String partnerId, byte[] document, String algorithm, String extraHeader)
      throws IOException, InterruptedException {
    return run(form, IntegrationEnvironment.partner(partnerId), document, algorithm, extraHeader, Map.of());
  }

  /** Signs in general JSON serialization by the partner and a cosigner. */
  static String signWithCosigner(String partnerId, String cosignerId, byte[] document, String algorithm)
      throws IOException, InterruptedException {
    IntegrationEnvironment.PartnerKeys cosigner = IntegrationEnvironment.partner(cosignerId);
    Map<String, String> environment =
        Map.of(
            "COSIGNER_KEY", cosigner.signingKey().toString(),
            "COSIGNER_CERT", cosigner.signingCertificate().toString());
    return run("general", IntegrationEnvironment.partner(partnerId), document, algorithm, "{}", environment);
  }

  /** Signs a hostile compact JWS with {@code keyFile} as the key, bypassing jose's checks. */
  static String signRaw(Path keyFile, byte[] document, String header, String mode)
      throws IOException, InterruptedException {
    List<String> arguments =
        List.of("raw", keyFile.toString(), "-", documentFile(document).toString(), mode, header);
    return node(arguments, Map.of());
  }

  private static String run(
      String form,
      IntegrationEnvironment.PartnerKeys keys,
      byte[] document,
      String algorithm,
      String extraHeader,
      Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> arguments =
        List.of(
            form,
            keys.signingKey().toString(),
            keys.signingCertificate().toString(),
            documentFile(document).toString(),
            algorithm,
            extraHeader);
    return node(arguments, environment);
  }

  private static String node(List<String> arguments, Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(IntegrationEnvironment.nodePeers().resolve("sign-jws.mjs").toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("sign-jws.mjs " + arguments.getFirst() + " failed: " + errors);
    }
    return output;
  }

  private static Path documentFile(byte[] document) throws IOException {
    Path directory = Files.createDirectories(IntegrationEnvironment.workDirectory().resolve("jws"));
    return Files.write(directory.resolve("document-" + UUID.randomUUID() + ".json"), document);
  }
}
