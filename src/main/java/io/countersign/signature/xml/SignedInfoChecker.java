package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import java.util.Set;
import java.util.TreeSet;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks SignedInfo against an {@link XmlSignaturePolicy}: the algorithms and the transforms of
 * each reference.
 *
 * <p>The algorithms are checked twice. {@link #checkAlgorithms(Element)} reads them from the DOM
 * before Santuario builds its objects, because Santuario's secure validation rejects some of them
 * (MD5, XSLT) while building, with an error that does not name the algorithm. {@link
 * #checkReference} then reads the ones Santuario will use.
 */
final class SignedInfoChecker {

  private static final String ALGORITHM = "Algorithm";
  private static final String CANONICALIZATION_METHOD = "CanonicalizationMethod";
  private static final String SIGNATURE_METHOD = "SignatureMethod";
  private static final String DIGEST_METHOD = "DigestMethod";
  private static final String TRANSFORM = "Transform";

  private final XmlSignaturePolicy policy;
  private final Set<String> allowedTransforms;

  SignedInfoChecker(XmlSignaturePolicy policy) {
    this.policy = policy;
    Set<String> transforms = new TreeSet<>(policy.canonicalizationAlgorithms());
    transforms.add(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
    this.allowedTransforms = Set.copyOf(transforms);
  }

  /** Checks the Algorithm attributes of every method and transform under SignedInfo. */
  void checkAlgorithms(Element signature) throws SignatureRejection {
    for (Node child = signature.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (isSignatureElement(child, Constants._TAG_SIGNEDINFO)) {
        Element signedInfo = (Element) child;
        checkAlgorithms(signedInfo, CANONICALIZATION_METHOD, policy.canonicalizationAlgorithms());
        checkAlgorithms(signedInfo, SIGNATURE_METHOD, policy.signatureAlgorithms());
        checkAlgorithms(signedInfo, DIGEST_METHOD, policy.digestAlgorithms());
        checkAlgorithms(signedInfo, TRANSFORM, allowedTransforms);
      }
    }
  }

  /**
   * Returns the document reference after checking the algorithms and transforms of every reference,
   * as Santuario has read them. {@link ReferenceTargetChecker} has already checked that there is
   * exactly one document reference.
   */
  Reference checkReferences(XMLSignature signature) throws SignatureRejection {
    SignedInfo signedInfo = signature.getSignedInfo();
    requireAllowed(
        CANONICALIZATION_METHOD,
        signedInfo.getCanonicalizationMethodURI(),
        policy.canonicalizationAlgorithms());
    requireAllowed(
        SIGNATURE_METHOD, signedInfo.getSignatureMethodURI(), policy.signatureAlgorithms());

    try {
      Reference documentReference = null;
      for (int i = 0; i < signedInfo.getLength(); i++) {
        Reference reference = signedInfo.item(i);
        String digest = reference.getMessageDigestAlgorithm().getAlgorithmURI();
        requireAllowed(DIGEST_METHOD, digest, policy.digestAlgorithms());
        if (ReferenceTargetChecker.SIGNED_PROPERTIES_TYPE.equals(reference.getType())) {
          checkSignedPropertiesTransforms(reference.getTransforms());
        } else {
          checkDocumentTransforms(reference.getTransforms());
          documentReference = reference;
        }
      }
      return documentReference;
    } catch (XMLSecurityException e) {
      throw malformed("its Reference cannot be read");
    }
  }

  private void checkAlgorithms(Element signedInfo, String localName, Set<String> allowed)
      throws SignatureRejection {
    NodeList methods = signedInfo.getElementsByTagNameNS(Constants.SignatureSpecNS, localName);
    for (int i = 0; i < methods.getLength(); i++) {
      Element method = (Element) methods.item(i);
      if (!method.hasAttributeNS(null, ALGORITHM)) {
        throw malformed("its " + localName + " element has no Algorithm attribute");
      }
      requireAllowed(localName, method.getAttributeNS(null, ALGORITHM), allowed);
    }
  }

  /**
   * Requires the enveloped-signature transform first, followed by canonicalizations only. Placed
   * later, it would run on canonical octets, where it cannot find the signature to remove.
   */
  private void checkDocumentTransforms(Transforms transforms)
      throws SignatureRejection, XMLSecurityException {
    int length = transforms == null ? 0 : transforms.getLength();
    if (length == 0
        || !Transforms.TRANSFORM_ENVELOPED_SIGNATURE.equals(transforms.item(0).getURI())) {
      throw new SignatureRejection(
          RejectionReason.TRANSFORM_NOT_ALLOWED,
          "The first transform of the Reference must be "
              + Transforms.TRANSFORM_ENVELOPED_SIGNATURE
              + ", which removes the signature from the document it signs. Add it as the first"
              + " transform.");
    }

    for (int i = 1; i < length; i++) {
      requireAllowed(TRANSFORM, transforms.item(i).getURI(), policy.canonicalizationAlgorithms());
    }
  }

  /**
   * Allows canonicalizations only. The SignedProperties are inside the signature, so the
   * enveloped-signature transform would remove them.
   */
  private void checkSignedPropertiesTransforms(Transforms transforms)
      throws SignatureRejection, XMLSecurityException {
    int length = transforms == null ? 0 : transforms.getLength();
    for (int i = 0; i < length; i++) {
      requireAllowed(TRANSFORM, transforms.item(i).getURI(), policy.canonicalizationAlgorithms());
    }
  }

  private static void requireAllowed(String localName, String uri, Set<String> allowed)
      throws SignatureRejection {
    if (allowed.contains(uri)) {
      return;
    }

    RejectionReason reason =
        localName.equals(TRANSFORM)
            ? RejectionReason.TRANSFORM_NOT_ALLOWED
            : RejectionReason.ALGORITHM_NOT_ALLOWED;
    throw new SignatureRejection(
        reason,
        localName
            + " algorithm "
            + uri
            + " is not allowed. Use one of: "
            + String.join(", ", new TreeSet<>(allowed))
            + ".");
  }

  private static boolean isSignatureElement(Node node, String localName) {
    return node.getNodeType() == Node.ELEMENT_NODE
        && Constants.SignatureSpecNS.equals(node.getNamespaceURI())
        && localName.equals(node.getLocalName());
  }

  private static SignatureRejection malformed(String problem) {
    return new SignatureRejection(
        RejectionReason.SIGNATURE_MALFORMED,
        "The Signature element is not a valid XML Signature because "
            + problem
            + ". Sign the document again with a standard XML Signature library.");
  }
}
