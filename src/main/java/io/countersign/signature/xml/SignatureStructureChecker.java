package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import org.apache.xml.security.utils.Constants;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the parts of a {@code ds:Signature} that must be rejected before Santuario reads it:
 * elements that would make it truncate a MAC or fetch a key, and too many references.
 */
final class SignatureStructureChecker {

  private final XmlDocumentLimits limits;

  SignatureStructureChecker(XmlDocumentLimits limits) {
    this.limits = limits;
  }

  void check(Element signature) throws SignatureRejection {
    requireSignedInfo(signature);
    rejectHmacOutputLength(signature);
    rejectRetrievalMethod(signature);
    requireReferenceCountWithinLimit(signature);
  }

  private static void requireSignedInfo(Element signature) throws SignatureRejection {
    if (ChildElements.first(signature, Constants.SignatureSpecNS, Constants._TAG_SIGNEDINFO)
        == null) {
      throw new SignatureRejection(
          RejectionReason.SIGNATURE_MALFORMED,
          "The Signature element has no SignedInfo child. Sign the document again with a standard"
              + " XML Signature library.");
    }
  }

  /**
   * Rejects a truncated HMAC, which lets anyone forge a signature when the length is short
   * (CVE-2009-0217, https://www.w3.org/TR/xmldsig-core1/#sec-HMAC). HMAC is not on any allow list
   * either, but the element gets its own reason so that the attack is reported as such.
   */
  private static void rejectHmacOutputLength(Element signature) throws SignatureRejection {
    NodeList lengths =
        signature.getElementsByTagNameNS(Constants.SignatureSpecNS, "HMACOutputLength");
    if (lengths.getLength() > 0) {
      throw new SignatureRejection(
          RejectionReason.HMAC_OUTPUT_LENGTH_NOT_ALLOWED,
          "The Signature contains HMACOutputLength with value '"
              + lengths.item(0).getTextContent().strip()
              + "'. Truncated MACs and HMAC signatures are not accepted. Sign with the private key"
              + " of a registered certificate.");
    }
  }

  /**
   * Rejects {@code KeyInfo/RetrievalMethod}, because following it means fetching a URI named by the
   * sender (https://www.w3.org/TR/xmldsig-core1/#sec-RetrievalMethod). The verifier takes keys only
   * from the registered certificates, so the element could only be used to make the verifier fetch.
   */
  private static void rejectRetrievalMethod(Element signature) throws SignatureRejection {
    NodeList methods =
        signature.getElementsByTagNameNS(Constants.SignatureSpecNS, Constants._TAG_RETRIEVALMETHOD);
    if (methods.getLength() > 0) {
      Element method = (Element) methods.item(0);
      throw new SignatureRejection(
          RejectionReason.RETRIEVAL_METHOD_NOT_ALLOWED,
          "KeyInfo contains a RetrievalMethod with URI '"
              + method.getAttributeNS(null, Constants._ATT_URI)
              + "', which is never fetched. Put the signer certificate in KeyInfo/X509Data"
              + " instead.");
    }
  }

  private void requireReferenceCountWithinLimit(Element signature) throws SignatureRejection {
    int count = ChildElements.references(signature).size();
    if (count > limits.maxReferences()) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_LIMIT_EXCEEDED,
          "SignedInfo contains "
              + count
              + " Reference elements, but at most "
              + limits.maxReferences()
              + " are accepted: one for the document and one for XAdES SignedProperties.");
    }
  }
}
