package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.ProcessingInstruction;

/**
 * Rejects processing instructions before or after the document element.
 *
 * <p>A reference by ID to the document element does not cover them, and processors act on them (an
 * {@code xml-stylesheet} instruction, for example, changes how a document is displayed), so
 * unsigned instructions could change what the reader is shown. Comments outside the document element
 * are allowed, because XML Signature removes comments from every reference this verifier accepts.
 */
final class TopLevelNodeChecker {

  private TopLevelNodeChecker() {}

  static void check(Document document) throws SignatureRejection {
    for (Node node = document.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof ProcessingInstruction instruction) {
        throw new SignatureRejection(
            RejectionReason.DOCUMENT_PROCESSING_INSTRUCTION_FORBIDDEN,
            "The document contains the processing instruction <?"
                + instruction.getTarget()
                + "?> outside the document element, where no signature covers it. Remove it.");
      }
    }
  }
}
