package io.countersign.signature.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.Init;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.apache.xml.security.utils.XMLUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs an XML document kept in a file, in memory bounded by the element nesting rather than by the
 * document, with the signature that {@link XmlDocumentSigner} makes: a {@code ds:Signature} as the
 * last child of the document element, URI {@code ""} with the enveloped-signature and exclusive
 * canonicalization transforms, SHA-256, and the certificate in KeyInfo.
 *
 * <p>One pass ({@link StreamingDigester}) digests the canonical document. Santuario then builds and
 * signs the {@code ds:Signature} on a copy of the document element's start tag, where SignedInfo
 * has the namespaces it will have in the document, and the signed file is the input with that
 * element written before the document element's end tag. The input must end with that end tag,
 * apart from whitespace. Instances are immutable and thread-safe.
 */
public final class StreamingXmlSigner {

  static {
    Init.init();
  }

  private static final int TAIL_BYTES = 4096;

  private final PrivateKey key;
  private final X509Certificate certificate;
  private final String signatureAlgorithm;

  public StreamingXmlSigner(PrivateKey key, X509Certificate certificate) {
    this.key = Objects.requireNonNull(key, "key");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.signatureAlgorithm = XmlDocumentSigner.defaultSignatureAlgorithm(key);
  }

  /**
   * Writes the signed form of {@code unsigned} to {@code signed}.
   *
   * @throws IllegalArgumentException if the document is not well-formed, declares a DOCTYPE, has
   *     markup longer than {@link XmlStreams#MAX_EVENT_BYTES}, or does not end with the document
   *     element's end tag
   */
  public void sign(Path unsigned, Path signed) throws IOException {
    long endTag = endTagOffset(unsigned);
    Element signature = createSignature(unsigned);
    byte[] signatureBytes = serialize(signature).getBytes(StandardCharsets.UTF_8);

    try (FileChannel input = FileChannel.open(unsigned, StandardOpenOption.READ);
        OutputStream output = Files.newOutputStream(signed)) {
      try (InputStream head = java.nio.channels.Channels.newInputStream(input.position(0))) {
        copy(head, output, endTag);
        output.write(signatureBytes);
        head.transferTo(output);
      }
    }
  }

  private Element createSignature(Path unsigned) throws IOException {
    try {
      Element documentElement = new SignatureCapture(XmlDocumentLimits.defaults()).startTag(unsigned);
      Document skeleton = documentElement.getOwnerDocument();
      XMLSignature signature =
          new XMLSignature(
              skeleton, "", signatureAlgorithm, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
      documentElement.appendChild(signature.getElement());
      Transforms transforms = new Transforms(skeleton);
      transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
      transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
      signature.addDocument("", transforms, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
      signature.addKeyInfo(certificate);
      // Santuario digests the reference in the small DOM, so the digest is replaced with that of
      // the whole document and SignedInfo is signed again.
      signature.sign(key);

      MessageDigest sha256 = MessageDigestAlgorithm.getDigestInstance(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
      byte[] digest =
          StreamingDigester.digest(
                  unsigned, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS, null, sha256, Set.of())
              .digest();
      Element digestValue =
          (Element)
              signature
                  .getSignedInfo()
                  .getElement()
                  .getElementsByTagNameNS(Constants.SignatureSpecNS, Constants._TAG_DIGESTVALUE)
                  .item(0);
      digestValue.setTextContent(Base64.getEncoder().encodeToString(digest));

      SignedInfo signedInfo = new SignedInfo(signature.getSignedInfo().getElement(), "", true);
      SignatureAlgorithm algorithm =
          new SignatureAlgorithm(signedInfo.getSignatureMethodElement(), "", true);
      algorithm.initSign(key);
      algorithm.update(signedInfo.getCanonicalizedOctetStream());
      Element signatureValue =
          (Element)
              signature
                  .getElement()
                  .getElementsByTagNameNS(Constants.SignatureSpecNS, Constants._TAG_SIGNATUREVALUE)
                  .item(0);
      signatureValue.setTextContent(XMLUtils.encodeToString(algorithm.sign()));
      return signature.getElement();
    } catch (SignatureRejection e) {
      throw new IllegalArgumentException(e.rejection().detail(), e);
    } catch (XMLStreamException e) {
      if (XmlStreams.exceedsEventLimit(e)) {
        throw new IllegalArgumentException(
            "The document has a comment, processing instruction, start tag, DOCTYPE or stretch of"
                + " whitespace outside the document element longer than about "
                + XmlStreams.MAX_EVENT_BYTES
                + " bytes, which the streaming signer does not read",
            e);
      }
      throw new IllegalArgumentException("The document is not well-formed XML", e);
    } catch (XMLSecurityException e) {
      throw new IllegalStateException("Failed to sign with " + signatureAlgorithm, e);
    }
  }

  /**
   * Returns the offset of the document element's end tag: the last {@code </} of the file, which
   * may be followed by whitespace only.
   */
  private static long endTagOffset(Path document) throws IOException {
    try (FileChannel channel = FileChannel.open(document, StandardOpenOption.READ)) {
      long size = channel.size();
      int length = (int) Math.min(size, TAIL_BYTES);
      ByteBuffer tail = ByteBuffer.allocate(length);
      channel.read(tail, size - length);
      String text = new String(tail.array(), StandardCharsets.ISO_8859_1);
      int start = text.lastIndexOf("</");
      int end = text.indexOf('>', Math.max(start, 0));
      if (start < 0 || end < 0 || !text.substring(end + 1).isBlank()) {
        throw new IllegalArgumentException(
            "The document must end with the end tag of its document element, followed by"
                + " whitespace only");
      }
      return size - length + start;
    }
  }

  private static void copy(InputStream input, OutputStream output, long bytes) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long remaining = bytes;
    while (remaining > 0) {
      int read = input.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (read < 0) {
        throw new IOException("The document ended early while it was copied");
      }
      output.write(buffer, 0, read);
      remaining -= read;
    }
  }

  private static String serialize(Element signature) {
    try {
      TransformerFactory factory = TransformerFactory.newDefaultInstance();
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer identity = factory.newTransformer();
      identity.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter text = new StringWriter();
      identity.transform(new DOMSource(signature), new StreamResult(text));
      return text.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("Failed to serialize the signature", e);
    }
  }
}
