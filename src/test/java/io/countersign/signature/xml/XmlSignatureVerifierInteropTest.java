package io.countersign.signature.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.PemFiles;
import io.countersign.signature.VerificationOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.Test;

/** Verifies documents that xmlsec1 signed, as a partner using it would send them. */
class XmlSignatureVerifierInteropTest {

  private final XmlSignatureVerifier verifier =
      new XmlSignatureVerifier(Clock.fixed(TestPki.NOW, ZoneOffset.UTC));

  @Test
  void verify_xmlsec1SignedRsa_verified() throws Exception {
    byte[] document = signWithXmlsec1(TestPki.ACME_RSA, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256);

    VerificationOutcome outcome = verifier.verify(document, "acme", SignerRegistrations.standard());

    XmlSignatureVerifierTest.assertVerified(outcome);
  }

  @Test
  void verify_xmlsec1SignedEc_verified() throws Exception {
    byte[] document = signWithXmlsec1(TestPki.ACME_EC, XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256);

    VerificationOutcome outcome = verifier.verify(document, "acme", SignerRegistrations.standard());

    XmlSignatureVerifierTest.assertVerified(outcome);
  }

  /** Puts an empty signature template last in the invoice's root and lets xmlsec1 fill it in. */
  private static byte[] signWithXmlsec1(IssuedCertificate signer, String signatureAlgorithm)
      throws Exception {
    Path directory = Xmlsec1.workDirectory();
    Path key = directory.resolve("key.pem");
    Path certificate = directory.resolve("cert.pem");
    Path template = directory.resolve("template.xml");
    Path output = directory.resolve("signed.xml");
    PemFiles.writePrivateKey(key, signer.keyPair());
    PemFiles.writeCertificates(certificate, List.of(signer.certificate()));

    String invoice =
        new String(Conformance.businessDocument(TestDocuments.INVOICE), StandardCharsets.UTF_8);
    String signature =
        Xmlsec1.signatureTemplate(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS, signatureAlgorithm);
    Files.writeString(template, invoice.replace("</Invoice>", signature + "</Invoice>"));

    Xmlsec1.Result result = Xmlsec1.sign(template, key, certificate, output);
    assertEquals(0, result.exitCode(), result.output());
    return Files.readAllBytes(output);
  }
}
