package io.countersign.signature.xml;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Signs, edits and serializes test documents, including signatures the signer never makes. */
final class TestDocuments {

  static final String INVOICE = "oasis-ubl-2.1/UBL-Invoice-2.1-Example.xml";

  private TestDocuments() {}

  /** Signs a conformance document with {@link XmlDocumentSigner}'s defaults. */
  static byte[] signed(String name, IssuedCertificate signer) {
    return signer(signer).sign(Conformance.businessDocument(name));
  }

  static XmlDocumentSigner signer(IssuedCertificate signer) {
    return new XmlDocumentSigner(signer.keyPair().getPrivate(), signer.certificate());
  }

  /**
   * Signs the invoice with Santuario directly, with one reference per URI and the given transforms
   * on each. A URI {@code #part} refers to the first child element of the root, which gets {@code
   * Id="part"}.
   */
  static byte[] signedWithReferences(
      IssuedCertificate signer, List<String> referenceUris, List<String> transforms)
      throws Exception {
    Document document = HardenedXmlParser.parse(Conformance.businessDocument(INVOICE));
    markFirstChildAsPart(document);

    XMLSignature signature =
        new XMLSignature(
            document,
            "",
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
    document.getDocumentElement().appendChild(signature.getElement());
    for (String uri : referenceUris) {
      Transforms referenceTransforms = new Transforms(document);
      for (String transform : transforms) {
        referenceTransforms.addTransform(transform);
      }
      signature.addDocument(uri, referenceTransforms, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
    }
    signature.addKeyInfo(signer.certificate());
    signature.sign(signer.keyPair().getPrivate());
    return serialize(document);
  }

  /** Parses the document, applies the edit to the DOM and serializes the result. */
  static byte[] edited(byte[] document, Consumer<Document> edit) throws Exception {
    Document dom = HardenedXmlParser.parse(document);
    edit.accept(dom);
    return serialize(dom);
  }

  /** Returns the document with every occurrence of {@code target} replaced in its text. */
  static byte[] replaced(byte[] document, String target, String replacement) {
    String text = new String(document, StandardCharsets.UTF_8);
    if (!text.contains(target)) {
      throw new IllegalArgumentException("The document does not contain " + target);
    }
    return text.replace(target, replacement).getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the first element with the XML Signature namespace and the local name. */
  static Element signatureElement(Document document, String localName) {
    return (Element) document.getElementsByTagNameNS(Constants.SignatureSpecNS, localName).item(0);
  }

  static byte[] serialize(Document document) throws Exception {
    Transformer identity = TransformerFactory.newDefaultInstance().newTransformer();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    identity.transform(new DOMSource(document), new StreamResult(output));
    return output.toByteArray();
  }

  private static void markFirstChildAsPart(Document document) {
    Element root = document.getDocumentElement();
    for (var node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        element.setAttributeNS(null, "Id", "part");
        element.setIdAttributeNS(null, "Id", true);
        return;
      }
    }
  }
}
