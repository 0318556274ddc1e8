package io.countersign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import io.countersign.pki.PemFiles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Runs {@code countersign sign} and checks the result with the JDK's XML Signature API. */
class SignCommandTest {

  private static final String DOCUMENT =
      "<invoice xmlns=\"urn:example\">\n  <total>42.00</total>\n</invoice>\n";

  private static TestPki pki;
  private static IssuedCertificate rsaSigner;
  private static IssuedCertificate ecSigner;

  @TempDir Path directory;
  private Path documentFile;

  @BeforeAll
  static void createPki() {
    pki = new TestPki("Countersign Test");
    rsaSigner =
        pki.issue(
            "O=acme,CN=acme document signing",
            CertificateIssuer.generateRsaKeyPair(2048),
            Role.DOCUMENT_SIGNING,
            List.of());
    ecSigner = pki.issue("O=acme,CN=acme EC document signing", Role.DOCUMENT_SIGNING, List.of());
  }

  @BeforeEach
  void writeFiles() throws Exception {
    TestPki.write(directory, "signing", rsaSigner);
    TestPki.write(directory, "ec-signing", ecSigner);
    documentFile = directory.resolve("invoice.xml");
    Files.writeString(documentFile, DOCUMENT);
  }

  private CommandRun sign(String keyName, String... options) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "sign",
                "--key",
                directory.resolve(keyName + ".key").toString(),
                "--cert",
                directory.resolve(keyName + ".pem").toString()));
    arguments.addAll(List.of(options));
    arguments.add(documentFile.toString());
    return CommandRun.run(arguments.toArray(String[]::new));
  }

  @Test
  void sign_rsaKey_writesValidSignature() throws Exception {
    CommandRun run = sign("signing");

    assertEquals(0, run.exitCode(), run.describe());
    byte[] signed = Files.readAllBytes(directory.resolve("invoice.signed.xml"));
    assertTrue(validates(signed, rsaSigner.certificate().getPublicKey()));
    assertTrue(
        new String(signed, StandardCharsets.UTF_8).contains("xmldsig-more#rsa-sha256"),
        "signature algorithm");
  }

  @Test
  void sign_ecKey_writesValidSignature() throws Exception {
    CommandRun run = sign("ec-signing");

    assertEquals(0, run.exitCode(), run.describe());
    byte[] signed = Files.readAllBytes(directory.resolve("invoice.signed.xml"));
    assertTrue(validates(signed, ecSigner.certificate().getPublicKey()));
  }

  @Test
  void sign_changedAfterSigning_failsValidation() throws Exception {
    sign("signing");
    String signed = Files.readString(directory.resolve("invoice.signed.xml"));

    byte[] changed = signed.replace("42.00", "43.00").getBytes(StandardCharsets.UTF_8);

    assertFalse(validates(changed, rsaSigner.certificate().getPublicKey()));
  }

  @Test
  void sign_outOption_writesThere() {
    Path output = directory.resolve("out.xml");

    CommandRun run = sign("signing", "--out", output.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(Files.exists(output));
    assertFalse(Files.exists(directory.resolve("invoice.signed.xml")));
  }

  @Test
  void sign_doctype_exitsError() throws Exception {
    Files.writeString(documentFile, "<!DOCTYPE invoice [<!ENTITY a \"b\">]><invoice>&a;</invoice>");

    CommandRun run = sign("signing");

    assertEquals(CountersignCommand.EXIT_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().contains("DOCTYPE"), run.describe());
    assertFalse(Files.exists(directory.resolve("invoice.signed.xml")));
  }

  @Test
  void sign_keyNotMatchingCertificate_exitsError() throws Exception {
    PemFiles.writePrivateKey(directory.resolve("signing.key"), ecSigner.keyPair());

    CommandRun run = sign("signing");

    assertEquals(CountersignCommand.EXIT_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().contains("does not match the certificate"), run.describe());
  }

  /** Validates the document's one enveloped signature with the JDK's XML Signature API. */
  private static boolean validates(byte[] signed, PublicKey key) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document dom = factory.newDocumentBuilder().parse(new ByteArrayInputStream(signed));
    NodeList signatures = dom.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
    assertEquals(1, signatures.getLength(), "number of signatures");

    DOMValidateContext context = new DOMValidateContext(key, signatures.item(0));
    XMLSignature signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
    return signature.validate(context);
  }
}
