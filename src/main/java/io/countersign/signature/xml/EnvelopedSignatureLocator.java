package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import org.apache.xml.security.utils.Constants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Finds the one {@code ds:Signature} of a document and checks that it is enveloped: a direct child
 * of the document element.
 *
 * <p>Signatures are searched for anywhere in the document, so that a second signature hidden in a
 * nested element, as in signature wrapping attacks, is rejected rather than ignored.
 */
final class EnvelopedSignatureLocator {

  private EnvelopedSignatureLocator() {}

  static Element locate(Document document) throws SignatureRejection {
    NodeList signatures =
        document.getElementsByTagNameNS(Constants.SignatureSpecNS, Constants._TAG_SIGNATURE);
    if (signatures.getLength() == 0) {
      throw new SignatureRejection(
          RejectionReason.SIGNATURE_MISSING,
          "The document contains no Signature element in the namespace "
              + Constants.SignatureSpecNS
              + ". Sign the whole document with an enveloped XML Signature.");
    }

    if (signatures.getLength() > 1) {
      throw new SignatureRejection(
          RejectionReason.SIGNATURE_AMBIGUOUS,
          "The document contains "
              + signatures.getLength()
              + " Signature elements, but exactly one is allowed. Send the document with one"
              + " enveloped signature over the whole document.");
    }

    Element signature = (Element) signatures.item(0);
    requireChildOfDocumentElement(signature, document.getDocumentElement());
    return signature;
  }

  private static void requireChildOfDocumentElement(Element signature, Element documentElement)
      throws SignatureRejection {
    if (signature == documentElement) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT,
          "The Signature element is the document element, so it is detached from the document it"
              + " signs. Send the signed document with the signature enveloped in it.");
    }

    Node parent = signature.getParentNode();
    if (parent != documentElement) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT,
          "The Signature element is inside element "
              + ElementNames.expanded(parent)
              + ", not a direct child of the document element "
              + ElementNames.expanded(documentElement)
              + ". Place the enveloped signature as a child of the document element.");
    }
  }
}
