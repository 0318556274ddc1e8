package io.countersign.signature.xml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * Signs an XML document kept in a file like {@link XmlDocumentSigner}, without holding the
 * document in memory: the signature becomes the last child of the document element.
 */
public final class StreamingXmlSigner {

  private final XmlDocumentSigner inMemory;

  public StreamingXmlSigner(PrivateKey key, X509Certificate certificate) {
    this.inMemory = new XmlDocumentSigner(key, certificate);
  }

  /** Writes the signed form of {@code unsigned} to {@code signed}. */
  public void sign(Path unsigned, Path signed) throws IOException {
    Files.write(signed, inMemory.sign(Files.readAllBytes(unsigned)));
  }
}
