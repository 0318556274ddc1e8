package io.countersign.signature.xml;

import static org.junit.jupiter.api.Assertions.fail;

import io.countersign.signature.xml.LowLevelSignatureCheck.Invalid;
import io.countersign.signature.xml.LowLevelSignatureCheck.NoKey;
import io.countersign.signature.xml.LowLevelSignatureCheck.Outcome;
import io.countersign.signature.xml.LowLevelSignatureCheck.Rejected;
import io.countersign.signature.xml.LowLevelSignatureCheck.Valid;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.keys.keyresolver.implementations.SingleKeyResolver;
import org.apache.xml.security.keys.storage.StorageResolver;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the W3C XML Signature interoperability examples (Baltimore, Phaos, IAIK, RSA Security,
 * Oracle, Microsoft, Sun, and Santuario's EdDSA and attack vectors) through {@link
 * LowLevelSignatureCheck}, and checks each example's published verdict.
 *
 * <p>What the classes of examples exercise:
 *
 * <ul>
 *   <li>enveloped (Microsoft, Phaos, IAIK): the enveloped-signature transform with inclusive and
 *       exclusive canonicalization, and RSA, ECDSA P-256 to P-521 and DSA signatures,
 *   <li>enveloping (Oracle, Sun, Santuario EdDSA, merlin): same-document references by ID into
 *       {@code ds:Object}, ECDSA with dsig11 ECKeyValue and RFC 4050 ECDSAKeyValue keys (read by
 *       {@link Rfc4050KeyValue}, which Santuario does not), RSA-SHA384/512, Ed25519 and Ed448,
 *   <li>detached (merlin, Phaos): external content from offline copies, and signer lookup by
 *       KeyName, X509IssuerSerial, X509SKI and X509SubjectName in the example's certs folder,
 *   <li>invalid and attack vectors: changed digests and signature values, truncated HMACs, unknown
 *       algorithms and Manifest wrapping, which must be rejected.
 * </ul>
 *
 * <p>The policy is {@link #LEGACY_ALGORITHMS_FOR_W3C_VECTORS}: the production policy plus the
 * SHA-1, DSA and Ed448 algorithms the examples need. Transforms stay as in production, so examples
 * that need XPath, XSLT or Base64 are skipped with the rejection reason. The key comes from the
 * example itself: the test acts as the signer directory, because what is tested here is the
 * signature processing.
 */
class W3cConformanceTest {

  /** The production policy plus the legacy algorithms that the 2001 to 2009 examples use. */
  static final XmlSignaturePolicy LEGACY_ALGORITHMS_FOR_W3C_VECTORS = legacyPolicy();

  private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";

  private static final Path ROOT = Conformance.root().resolve("xmldsig-w3c");

  private static final Map<String, List<String>> RESULTS = new ConcurrentHashMap<>();

  private static final LowLevelSignatureCheck CHECK =
      new LowLevelSignatureCheck(LEGACY_ALGORITHMS_FOR_W3C_VECTORS, ROOT, offlineCopies());

  record Vector(String file, String expected, String signatureMethod) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Vector> vectors() throws IOException {
    try (JsonReader reader =
        Json.createReader(Files.newBufferedReader(ROOT.resolve("verdicts.json")))) {
      return reader.readArray().stream()
          .map(JsonValue::asJsonObject)
          .map(
              entry ->
                  new Vector(
                      entry.getString("file"),
                      entry.getString("expected"),
                      entry.getString("signature_method")))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void vector_publishedVerdictHolds(Vector vector) throws IOException {
    skipIfOutOfScope(vector);

    Outcome outcome = CHECK.check(ROOT.resolve(vector.file()), W3cConformanceTest::keyOf);

    if (vector.expected().startsWith("valid")) {
      expectValid(vector, outcome);
    } else if (vector.expected().equals("reject")) {
      expectRejected(vector, outcome);
    } else {
      expectInvalid(vector, outcome);
    }
  }

  @AfterAll
  static void printSummary() {
    System.out.println(
        "W3C XML Signature examples: "
            + RESULTS.keySet().stream()
                .map(category -> category + " " + RESULTS.get(category).size())
                .sorted()
                .toList());
    new TreeMap<>(RESULTS)
        .forEach(
            (category, notes) ->
                notes.stream()
                    .sorted()
                    .forEach(note -> System.out.println("  " + category + ": " + note)));
  }

  private static void skipIfOutOfScope(Vector vector) {
    if (vector.expected().equals("valid (with app-supplied content)")) {
      skip(vector, "a Reference without URI needs content that the application supplies");
    }
    if (vector.signatureMethod().contains("hmac") && !vector.expected().equals("reject")) {
      skip(vector, "HMAC keys are shared secrets, and signers are registered by X.509 certificate");
    }
  }

  private static void expectValid(Vector vector, Outcome outcome) {
    switch (outcome) {
      case Valid valid -> record("passed", vector.file() + " (" + vector.expected() + ")");
      case Rejected rejected ->
          skip(vector, "the project rejects it: " + rejected.reason() + ", " + rejected.detail());
      case NoKey noKey -> fail("No key found for " + vector.file());
      case Invalid invalid ->
          fail(vector.file() + " is " + vector.expected() + ", but " + invalid.why());
    }
  }

  private static void expectRejected(Vector vector, Outcome outcome) {
    if (!(outcome instanceof Rejected rejected)) {
      fail(vector.file() + " must be rejected by a project check, but was " + outcome);
      return;
    }
    record("failed as expected", vector.file() + " rejected: " + rejected.reason());
  }

  private static void expectInvalid(Vector vector, Outcome outcome) {
    switch (outcome) {
      case Invalid invalid -> record("failed as expected", vector.file() + " invalid");
      case Rejected rejected ->
          record("failed as expected", vector.file() + " rejected: " + rejected.reason());
      case NoKey noKey -> record("failed as expected", vector.file() + " has no usable key");
      case Valid valid -> fail(vector.file() + " is " + vector.expected() + ", but verified");
    }
  }

  private static void record(String category, String note) {
    RESULTS.computeIfAbsent(category, key -> new ArrayList<>()).add(note);
  }

  private static void skip(Vector vector, String reason) {
    record("skipped", vector.file() + ": " + reason);
    Assumptions.abort(reason);
  }

  /**
   * Returns the example's key: its KeyInfo certificate or KeyValue, or a certificate from its certs
   * folder that KeyName, X509IssuerSerial, X509SKI or X509SubjectName names.
   */
  private static PublicKey keyOf(XMLSignature signature) {
    KeyInfo keyInfo = signature.getKeyInfo();
    if (keyInfo == null) {
      return null;
    }

    try {
      List<X509Certificate> certificates = certificatesBeside(signature);
      // With Santuario 4.0.4 the X509SKI lookup fails when a stored certificate has no such
      // extension, as merlin-23's mullan.crt has not, so only certificates with one are offered.
      certificates.stream()
          .filter(certificate -> certificate.getExtensionValue(SUBJECT_KEY_IDENTIFIER) != null)
          .forEach(certificate -> keyInfo.addStorageResolver(new StorageResolver(certificate)));
      registerKeyNames(keyInfo, certificates);

      X509Certificate certificate = keyInfo.getX509Certificate();
      if (certificate != null) {
        return certificate.getPublicKey();
      }
      PublicKey key = keyInfo.getPublicKey();
      return key != null ? key : Rfc4050KeyValue.read(signature.getElement());
    } catch (XMLSecurityException | IOException e) {
      return null;
    }
  }

  private static void registerKeyNames(KeyInfo keyInfo, List<X509Certificate> certificates)
      throws XMLSecurityException {
    for (int i = 0; i < keyInfo.lengthKeyName(); i++) {
      String name = keyInfo.itemKeyName(i).getKeyName();
      for (X509Certificate certificate : certificates) {
        if (namesCertificate(name, certificate)) {
          keyInfo.registerInternalKeyResolver(
              new SingleKeyResolver(name, certificate.getPublicKey()));
        }
      }
    }
  }

  /** Returns whether the KeyName is the certificate's subject or its common name. */
  private static boolean namesCertificate(String name, X509Certificate certificate) {
    X500Principal subject = certificate.getSubjectX500Principal();
    try {
      if (subject.equals(new X500Principal(name))) {
        return true;
      }
    } catch (IllegalArgumentException e) {
      // Not a distinguished name, such as merlin's "Lugh"; compare the common name below.
    }
    return subject.getName().startsWith("CN=" + name + ",")
        || subject.getName().equals("CN=" + name);
  }

  private static List<X509Certificate> certificatesBeside(XMLSignature signature)
      throws IOException {
    Path directory =
        Path.of(java.net.URI.create(signature.getBaseURI())).getParent().resolve("certs");
    List<X509Certificate> certificates = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return certificates;
    }

    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        try (InputStream input = Files.newInputStream(file)) {
          certificates.add(
              (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(input));
        } catch (CertificateException e) {
          // CRLs and a README copy named .crt sit beside the certificates.
        }
      }
    }
    return certificates;
  }

  private static Map<String, Path> offlineCopies() {
    try (JsonReader reader =
        Json.createReader(Files.newBufferedReader(ROOT.resolve("external-uri-map.json")))) {
      JsonObject map = reader.readObject().getJsonObject("map");
      Map<String, Path> copies = new HashMap<>();
      map.forEach(
          (uri, path) ->
              copies.put(uri, ROOT.resolve(((jakarta.json.JsonString) path).getString())));
      return copies;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static XmlSignaturePolicy legacyPolicy() {
    XmlSignaturePolicy production = XmlSignaturePolicy.defaults();
    Set<String> signatures = new HashSet<>(production.signatureAlgorithms());
    signatures.addAll(
        List.of(
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1,
            XMLSignature.ALGO_ID_SIGNATURE_DSA,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA1,
            XMLSignature.ALGO_ID_SIGNATURE_EDDSA_ED448));
    Set<String> digests = new HashSet<>(production.digestAlgorithms());
    digests.add(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1);
    return new XmlSignaturePolicy(
        production.canonicalizationAlgorithms(), signatures, digests, digests);
  }
}
