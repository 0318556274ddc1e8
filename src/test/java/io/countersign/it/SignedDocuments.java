package io.countersign.it;

import io.countersign.pki.CertificateIssuer;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.PemFiles;
import io.countersign.signature.xml.XmlDocumentSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Signs test documents with the project's signer or with xmlsec1. */
final class SignedDocuments {

  /** An enveloped signature template for xmlsec1: RSA-SHA256, exclusive c14n, whole document. */
  static final String XMLSEC1_TEMPLATE =
      """
      <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:SignedInfo>
          <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
          <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
          <ds:Reference URI="">
            <ds:Transforms>
              <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
              <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
            </ds:Transforms>
            <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
            <ds:DigestValue/>
          </ds:Reference>
        </ds:SignedInfo>
        <ds:SignatureValue/>
        <ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>
      </ds:Signature>
      """;

  private SignedDocuments() {}

  /** Returns the UBL example invoice with a unique note, so that each signature is new. */
  static byte[] invoice(String note) throws IOException {
    String xml = Files.readString(IntegrationEnvironment.ublInvoice(), StandardCharsets.UTF_8);
    String unique = note + " " + System.nanoTime();
    return xml.replace("Ordered in our booth at the convention.", unique).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns the UBL example invoice with a unique note and copies of its first invoice line, so
   * that it has at least {@code minBytes} bytes.
   */
  static byte[] largeInvoice(String note, int minBytes) throws IOException {
    String xml = new String(invoice(note), StandardCharsets.UTF_8);
    int lineStart = xml.indexOf("<cac:InvoiceLine>");
    int lineEnd = xml.indexOf("</cac:InvoiceLine>") + "</cac:InvoiceLine>".length();
    String line = xml.substring(lineStart, lineEnd) + "\n\t";
    int copies = Math.max(0, (minBytes - xml.length()) / line.length() + 1);
    String large = xml.substring(0, lineStart) + line.repeat(copies) + xml.substring(lineStart);
    return large.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes a TLS client certificate with acme's subject from a CA that no partner registered, as
   * {@code tls.pem} and {@code tls.key} in {@code directory}.
   */
  static void writeRogueClient(Path directory) throws IOException {
    Instant now = Instant.now();
    IssuedCertificate rogueCa =
        CertificateIssuer.selfSignedAuthority(
            "O=Rogue,CN=Rogue CA", CertificateIssuer.generateEcKeyPair(), now.minusSeconds(60), Duration.ofDays(1));
    IssuedCertificate client =
        CertificateIssuer.issue(
            rogueCa,
            "O=acme,CN=acme TLS client",
            CertificateIssuer.generateEcKeyPair(),
            CertificateIssuer.Role.TLS_CLIENT,
            List.of(),
            now.minusSeconds(60),
            Duration.ofDays(1));
    PemFiles.writeCertificates(directory.resolve("tls.pem"), List.of(client.certificate()));
    PemFiles.writePrivateKey(directory.resolve("tls.key"), client.keyPair());
  }

  /** Signs with the project's {@link XmlDocumentSigner} and the partner's signing key. */
  static XmlDocumentSigner signerOf(String partnerId) throws IOException {
    IntegrationEnvironment.PartnerKeys keys = IntegrationEnvironment.partner(partnerId);
    return new XmlDocumentSigner(
        PemFiles.readPrivateKey(keys.signingKey()), PemFiles.readCertificate(keys.signingCertificate()));
  }

  /** Signs a document with xmlsec1, inserting the template as the last child of the root. */
  static byte[] signWithXmlsec1(byte[] document, String partnerId)
      throws IOException, InterruptedException {
    String xml = new String(document, StandardCharsets.UTF_8);
    int rootEnd = xml.lastIndexOf("</");
    String template = xml.substring(0, rootEnd) + XMLSEC1_TEMPLATE + xml.substring(rootEnd);

    Path directory = IntegrationEnvironment.workDirectory();
    Files.createDirectories(directory);
    Path templateFile = directory.resolve("xmlsec1-template-" + UUID.randomUUID() + ".xml");
    Path signedFile = directory.resolve("xmlsec1-signed-" + UUID.randomUUID() + ".xml");
    Files.writeString(templateFile, template, StandardCharsets.UTF_8);

    IntegrationEnvironment.PartnerKeys keys = IntegrationEnvironment.partner(partnerId);
    Process process =
        new ProcessBuilder(
                "xmlsec1",
                "--sign",
                "--privkey-pem",
                keys.signingKey() + "," + keys.signingCertificate(),
                "--output",
                signedFile.toString(),
                templateFile.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("xmlsec1 --sign failed: " + output);
    }
    return Files.readAllBytes(signedFile);
  }
}
