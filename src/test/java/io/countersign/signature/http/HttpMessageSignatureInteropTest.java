package io.countersign.signature.http;

import static io.countersign.signature.http.HmacRequestVerifierTest.assertRejected;
import static io.countersign.signature.http.HmacRequestVerifierTest.assertVerified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer;
import io.countersign.platform.RejectionReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Verifies requests that the npm package http-message-signatures signed, an RFC 9421 implementation
 * that Countersign did not write. Needs {@code node} on the PATH and {@code npm ci} run in
 * src/test/node. Without them the tests fail rather than skip.
 */
class HttpMessageSignatureInteropTest {

  private static final Path NODE_PEERS = Path.of("src", "test", "node");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String TARGET_URI = "https://intake.example/documents?format=ubl";
  private static final byte[] BODY =
      "{\"invoice\":\"INV-1\",\"total\":\"12.50\"}".getBytes(StandardCharsets.UTF_8);

  private final KeyPair ed25519 = generate("Ed25519");
  private final KeyPair ec = CertificateIssuer.generateEcKeyPair();
  private final byte[] secret =
      "countersign-interop-shared-secret-32b".getBytes(StandardCharsets.UTF_8);

  private final Map<String, HttpSignatureKey> keys =
      Map.of(
          "acme-ed25519",
          new HttpSignatureKey(
              "acme-ed25519",
              "acme",
              HttpSignatureAlgorithm.ED25519,
              ed25519.getPublic(),
              null,
              null),
          "acme-ec",
          new HttpSignatureKey(
              "acme-ec",
              "acme",
              HttpSignatureAlgorithm.ECDSA_P256_SHA256,
              ec.getPublic(),
              null,
              null),
          "acme-hmac",
          new HttpSignatureKey(
              "acme-hmac",
              "acme",
              HttpSignatureAlgorithm.HMAC_SHA256,
              new SecretKeySpec(secret, "HmacSHA256"),
              null,
              null));

  private final HttpMessageSignatureVerifier verifier =
      new HttpMessageSignatureVerifier(
          keyId -> Optional.ofNullable(keys.get(keyId)), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void verify_nodeSignedEd25519_verified() throws Exception {
    Map<String, List<String>> headers =
        signWithNode("ed25519", pem(ed25519.getPrivate()), "acme-ed25519");

    VerifiedRequest verified = assertVerified(verifier.verify(request(headers, BODY)));

    assertEquals("ed25519", verified.algorithm());
    assertTrue(verified.nonRepudiation());
  }

  @Test
  void verify_nodeSignedEcdsaP256_verified() throws Exception {
    Map<String, List<String>> headers =
        signWithNode("ecdsa-p256-sha256", pem(ec.getPrivate()), "acme-ec");

    VerifiedRequest verified = assertVerified(verifier.verify(request(headers, BODY)));

    assertEquals("ecdsa-p256-sha256", verified.algorithm());
  }

  @Test
  void verify_nodeSignedHmac_verified() throws Exception {
    Map<String, List<String>> headers =
        signWithNode("hmac-sha256", Base64.getEncoder().encodeToString(secret), "acme-hmac");

    VerifiedRequest verified = assertVerified(verifier.verify(request(headers, BODY)));

    assertEquals("hmac-sha256", verified.algorithm());
  }

  @Test
  void verify_nodeSignedBodyChanged_digestMismatch() throws Exception {
    for (String[] signer :
        List.of(
            new String[] {"ed25519", pem(ed25519.getPrivate()), "acme-ed25519"},
            new String[] {"ecdsa-p256-sha256", pem(ec.getPrivate()), "acme-ec"},
            new String[] {
              "hmac-sha256", Base64.getEncoder().encodeToString(secret), "acme-hmac"
            })) {
      Map<String, List<String>> headers = signWithNode(signer[0], signer[1], signer[2]);
      byte[] changed = BODY.clone();
      changed[changed.length - 3] ^= 0x01;

      assertRejected(
          RejectionReason.CONTENT_DIGEST_MISMATCH, verifier.verify(request(headers, changed)));
    }
  }

  private static HttpRequestView request(Map<String, List<String>> headers, byte[] body) {
    return new HttpRequestView("POST", TARGET_URI, headers, body);
  }

  /** Runs sign-http-message.mjs and returns the headers it prints. */
  private static Map<String, List<String>> signWithNode(String algorithm, String key, String keyId)
      throws IOException, InterruptedException {
    assertTrue(
        Files.isDirectory(NODE_PEERS.resolve("node_modules").resolve("http-message-signatures")),
        "The npm package http-message-signatures is missing. Run 'npm ci' in "
            + NODE_PEERS.toAbsolutePath());
    Path directory = Files.createTempDirectory("http-signature-interop");
    Path keyFile = Files.writeString(directory.resolve("key"), key);
    Path bodyFile = Files.write(directory.resolve("body"), BODY);

    Process node =
        new ProcessBuilder(
                "node",
                NODE_PEERS.resolve("sign-http-message.mjs").toString(),
                algorithm,
                keyFile.toString(),
                keyId,
                Long.toString(NOW.getEpochSecond()),
                TARGET_URI,
                bodyFile.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node timed out");
    assertEquals(0, node.exitValue(), output);
    return parseHeaders(output);
  }

  private static Map<String, List<String>> parseHeaders(String output) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(line.substring(0, colon), name -> new ArrayList<>())
            .add(line.substring(colon + 1).strip());
      }
    }
    return headers;
  }

  private static String pem(PrivateKey key) {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
  }

  private static KeyPair generate(String algorithm) {
    try {
      return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
