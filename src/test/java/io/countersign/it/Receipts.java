package io.countersign.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Checks receipts with implementations that Countersign did not write. */
final class Receipts {

  private Receipts() {}

  /** Verifies the receipt's detached JWS with the npm package jose and Node's X.509 code. */
  static void assertVerifiesWithJose(Curl.Response response) throws Exception {
    Path directory = Files.createDirectories(IntegrationEnvironment.workDirectory());
    Path receipt = Files.write(directory.resolve("receipt-" + System.nanoTime() + ".json"), response.body());
    Path jws = Files.writeString(directory.resolve(receipt.getFileName() + ".jws"), response.header("x-jws-signature"));
    Process node =
        new ProcessBuilder(
                "node",
                IntegrationEnvironment.nodePeers().resolve("verify-receipt.mjs").toString(),
                receipt.toString(),
                jws.toString(),
                IntegrationEnvironment.caCertificate().toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node timed out");
    assertEquals(0, node.exitValue(), output);
    assertTrue(output.contains("\"alg\":\"ES256\""), output);
  }
}
