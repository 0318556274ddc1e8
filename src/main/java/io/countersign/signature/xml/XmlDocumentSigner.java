package io.countersign.signature.xml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Signs a whole XML document with an enveloped XML Signature, as partners and xmlsec1 do.
 *
 * <p>The {@code ds:Signature} becomes the last child of the document element. Its single reference
 * has the URI {@code ""} with the enveloped-signature and exclusive canonicalization transforms,
 * SignedInfo is canonicalized with exclusive canonicalization, and KeyInfo carries the signer's
 * certificate. The digest is SHA-256 unless {@link #withDigestAlgorithm} sets another, and the
 * signature algorithm follows the key (RSA: rsa-sha256, EC: ecdsa-sha256) unless {@link
 * #withSignatureAlgorithm} sets another. Instances are immutable and thread-safe.
 */
public final class XmlDocumentSigner {

  static {
    Init.init();
  }

  private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  private static final String DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

  private final PrivateKey key;
  private final X509Certificate certificate;
  private final String signatureAlgorithm;
  private final String digestAlgorithm;

  public XmlDocumentSigner(PrivateKey key, X509Certificate certificate) {
    this(key, certificate, defaultSignatureAlgorithm(key), DIGEST_SHA256);
  }

  private XmlDocumentSigner(
      PrivateKey key,
      X509Certificate certificate,
      String signatureAlgorithm,
      String digestAlgorithm) {
    this.key = Objects.requireNonNull(key, "key");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.signatureAlgorithm = Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
    this.digestAlgorithm = Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
  }

  /** Returns a signer that uses the signature algorithm URI, for example RSA-SHA1 in tests. */
  public XmlDocumentSigner withSignatureAlgorithm(String uri) {
    return new XmlDocumentSigner(key, certificate, uri, digestAlgorithm);
  }

  /** Returns a signer that uses the digest algorithm URI for the reference. */
  public XmlDocumentSigner withDigestAlgorithm(String uri) {
    return new XmlDocumentSigner(key, certificate, signatureAlgorithm, uri);
  }

  /**
   * Signs the document and returns it serialized as UTF-8. Text, including whitespace between
   * elements, is kept as it was. Attributes may be reordered and requoted because the DOM does not
   * record their layout, which leaves the canonical form that the signature covers unchanged.
   *
   * @throws IllegalArgumentException if the document is not well-formed or declares a DOCTYPE
   * @throws IllegalStateException if Santuario cannot sign, for example because the key does not
   *     fit the signature algorithm
   */
  public byte[] sign(byte[] document) {
    Document dom = parse(document);

    try {
      XMLSignature signature = createSignature(dom);
      signature.sign(key);
    } catch (XMLSecurityException e) {
      throw new IllegalStateException("Failed to sign with " + signatureAlgorithm, e);
    }

    return serialize(dom);
  }

  private XMLSignature createSignature(Document dom) throws XMLSecurityException {
    XMLSignature signature =
        new XMLSignature(
            dom, "", signatureAlgorithm, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
    // Appended before signing, because the enveloped-signature transform finds it in place.
    dom.getDocumentElement().appendChild(signature.getElement());

    Transforms transforms = new Transforms(dom);
    transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
    transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
    signature.addDocument("", transforms, digestAlgorithm);

    signature.addKeyInfo(certificate);
    return signature;
  }

  private static Document parse(byte[] document) {
    try {
      return HardenedXmlParser.parse(document);
    } catch (SAXParseException e) {
      if (HardenedXmlParser.declaresDoctype(document)) {
        throw new IllegalArgumentException("Document declares a DOCTYPE, which is not allowed", e);
      }
      throw new IllegalArgumentException(
          "Document is not well-formed XML, at line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + ": "
              + e.getMessage(),
          e);
    } catch (SAXException e) {
      throw new IllegalArgumentException("Document is not well-formed XML: " + e.getMessage(), e);
    }
  }

  private static byte[] serialize(Document dom) {
    try {
      TransformerFactory factory = TransformerFactory.newDefaultInstance();
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer identity = factory.newTransformer();
      identity.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      // The JDK serializer writes standalone="no" and no line break after its own declaration.
      identity.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");

      ByteArrayOutputStream output = new ByteArrayOutputStream();
      output.writeBytes(XML_DECLARATION.getBytes(StandardCharsets.US_ASCII));
      identity.transform(new DOMSource(dom), new StreamResult(output));
      return output.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("Failed to serialize the signed document", e);
    }
  }

  static String defaultSignatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
      case "EC" -> XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256;
      default ->
          throw new IllegalArgumentException(
              "No default signature algorithm for "
                  + key.getAlgorithm()
                  + " keys; call withSignatureAlgorithm");
    };
  }
}
