package io.countersign.signature.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.PemFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

class XmlDocumentSignerTest {

  private static final String INVOICE = "oasis-ubl-2.1/UBL-Invoice-2.1-Example.xml";

  @Test
  void sign_rsaKey_verifiesWithXmlsec1() throws Exception {
    Xmlsec1.Result result = verifyWithXmlsec1(TestPki.ACME_RSA);

    assertEquals(0, result.exitCode(), result.output());
  }

  @Test
  void sign_ecKey_verifiesWithXmlsec1() throws Exception {
    Xmlsec1.Result result = verifyWithXmlsec1(TestPki.ACME_EC);

    assertEquals(0, result.exitCode(), result.output());
  }

  @Test
  void sign_appendsSignatureAsLastChildOfRoot() {
    String signed = signToString(TestPki.ACME_EC, Conformance.businessDocument(INVOICE));

    assertTrue(signed.stripTrailing().endsWith("</ds:Signature></Invoice>"), signed);
  }

  @Test
  void sign_keepsTextAndWhitespace() throws Exception {
    byte[] document = Conformance.businessDocument(INVOICE);

    Document signed = HardenedXmlParser.parse(signer(TestPki.ACME_EC).sign(document));

    Node signature = signed.getDocumentElement().getLastChild();
    signed.getDocumentElement().removeChild(signature);
    String originalText = HardenedXmlParser.parse(document).getDocumentElement().getTextContent();
    assertEquals(originalText, signed.getDocumentElement().getTextContent());
  }

  @Test
  void sign_doctype_throwsIllegalArgument() {
    XmlDocumentSigner signer = signer(TestPki.ACME_EC);
    byte[] document =
        "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"
            .getBytes(StandardCharsets.UTF_8);

    assertThrows(IllegalArgumentException.class, () -> signer.sign(document));
  }

  private static Xmlsec1.Result verifyWithXmlsec1(IssuedCertificate signer) throws Exception {
    Path directory = Xmlsec1.workDirectory();
    Path authority = directory.resolve("ca.pem");
    Path signed = directory.resolve("signed.xml");
    PemFiles.writeCertificates(authority, List.of(TestPki.AUTHORITY.certificate()));
    Files.write(signed, signer(signer).sign(Conformance.businessDocument(INVOICE)));

    return Xmlsec1.verify(signed, authority);
  }

  private static String signToString(IssuedCertificate signer, byte[] document) {
    return new String(signer(signer).sign(document), StandardCharsets.UTF_8);
  }

  private static XmlDocumentSigner signer(IssuedCertificate signer) {
    return new XmlDocumentSigner(signer.keyPair().getPrivate(), signer.certificate());
  }
}
