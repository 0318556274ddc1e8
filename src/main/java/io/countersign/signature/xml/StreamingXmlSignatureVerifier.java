package io.countersign.signature.xml;

import io.countersign.signature.SignerDirectory;
import io.countersign.signature.VerificationOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Verifies an enveloped XML Signature over a document kept in a file, in memory bounded by the
 * size of the signature rather than of the document, under the same policy as {@link
 * XmlSignatureVerifier}.
 */
public final class StreamingXmlSignatureVerifier {

  private final XmlSignatureVerifier inMemory;

  public StreamingXmlSignatureVerifier(
      Clock clock, XmlSignaturePolicy policy, XmlDocumentLimits limits) {
    this.inMemory = new XmlSignatureVerifier(clock, policy, limits);
  }

  /** Verifies the document in {@code document} like {@link XmlSignatureVerifier#verify}. */
  public VerificationOutcome verify(
      Path document, String expectedPartnerId, SignerDirectory directory) {
    try {
      return inMemory.verify(Files.readAllBytes(document), expectedPartnerId, directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
