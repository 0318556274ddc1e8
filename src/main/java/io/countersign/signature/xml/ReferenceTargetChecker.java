package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.xml.security.utils.Constants;
import org.w3c.dom.Element;

/**
 * Checks where each reference of SignedInfo points, on the DOM and before anything is dereferenced,
 * so that an external URI is never fetched and a wrapped copy is never digested.
 *
 * <p>A signature passes with exactly one reference to the document, by URI {@code ""} or by the ID
 * of the document element, and at most one reference of type {@value #SIGNED_PROPERTIES_TYPE} to
 * the {@code xades:SignedProperties} in this signature's own {@code ds:Object}. An ID must belong
 * to exactly one element, because the DOM resolves a shared ID to just one of them, which is how
 * signature wrapping makes a verifier digest a hidden copy.
 */
final class ReferenceTargetChecker {

  /** The Reference type of XAdES signed properties (ETSI EN 319 132-1). */
  static final String SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties";

  static final String XADES_NAMESPACE = "http://uri.etsi.org/01903/v1.3.2#";

  private static final String XPOINTER_PREFIX = "#xpointer(";

  private ReferenceTargetChecker() {}

  /**
   * Returns the {@code xades:SignedProperties} element that the signature references, or null if it
   * has no SignedProperties reference.
   */
  static Element check(Element signature, IdIndex ids) throws SignatureRejection {
    List<Element> references = ChildElements.references(signature);
    requireOneDocumentReference(references);

    Element signedProperties = null;
    for (Element reference : references) {
      String uri = requireSameDocumentUri(reference);
      if (!isSignedPropertiesReference(reference)) {
        requireDocumentElement(uri, signature, ids);
      } else if (signedProperties == null) {
        signedProperties = requireOwnSignedProperties(uri, signature, ids);
      } else {
        throw new SignatureRejection(
            RejectionReason.XADES_PROPERTIES_INVALID,
            "SignedInfo contains more than one Reference of type "
                + SIGNED_PROPERTIES_TYPE
                + ". Reference the SignedProperties once.");
      }
    }
    return signedProperties;
  }

  static boolean isSignedPropertiesReference(Element reference) {
    return SIGNED_PROPERTIES_TYPE.equals(reference.getAttributeNS(null, Constants._ATT_TYPE));
  }

  private static void requireOneDocumentReference(List<Element> references)
      throws SignatureRejection {
    List<String> uris =
        references.stream()
            .filter(reference -> !isSignedPropertiesReference(reference))
            .map(reference -> "\"" + reference.getAttributeNS(null, Constants._ATT_URI) + "\"")
            .toList();
    if (uris.size() != 1) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT,
          "SignedInfo contains "
              + uris.size()
              + " references to document content"
              + (uris.isEmpty() ? "" : ", with URIs " + String.join(", ", uris))
              + ", but exactly one is allowed, with URI \"\" for the whole document. Sign the"
              + " whole document with a single reference.");
    }
  }

  /**
   * Returns the URI after checking that it is {@code ""} or a bare {@code #id}. XPointer forms are
   * rejected: {@code #xpointer(/)} also signs comments, and others select arbitrary nodes
   * (https://www.w3.org/TR/xmldsig-core1/#sec-Same-Document).
   */
  private static String requireSameDocumentUri(Element reference) throws SignatureRejection {
    // A missing URI leaves the content to the application (xmldsig-core1 #sec-URI), so it
    // identifies nothing in the document.
    if (!reference.hasAttributeNS(null, Constants._ATT_URI)) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT,
          "A Reference has no URI attribute, so it does not say what it signs. Use URI \"\","
              + " which covers the whole document.");
    }

    String uri = reference.getAttributeNS(null, Constants._ATT_URI);
    if (uri.startsWith(XPOINTER_PREFIX)) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT,
          "The Reference has the XPointer URI \""
              + uri
              + "\", which is not accepted. Use URI \"\", which covers the whole document.");
    }
    if (!uri.isEmpty() && !uri.startsWith("#")) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_EXTERNAL,
          "The Reference has URI \""
              + uri
              + "\", which names content outside the document. It is never fetched. Sign the"
              + " document itself with URI \"\".");
    }
    return uri;
  }

  private static void requireDocumentElement(String uri, Element signature, IdIndex ids)
      throws SignatureRejection {
    if (uri.isEmpty()) {
      return;
    }

    Element documentElement = signature.getOwnerDocument().getDocumentElement();
    Element target = uniqueTarget(uri, ids);
    if (target != documentElement) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_TARGET_MISPLACED,
          "The Reference with URI \""
              + uri
              + "\" resolves to element "
              + ElementNames.path(target)
              + ", but the document reference must resolve to the document element "
              + ElementNames.path(documentElement)
              + ". Sign the whole document with URI \"\".");
    }
  }

  /**
   * Requires the target to be the SignedProperties inside this signature's own QualifyingProperties
   * (ETSI EN 319 132-1), not a copy placed elsewhere.
   */
  private static Element requireOwnSignedProperties(String uri, Element signature, IdIndex ids)
      throws SignatureRejection {
    Element target =
        uri.isEmpty() ? signature.getOwnerDocument().getDocumentElement() : uniqueTarget(uri, ids);

    Element qualifying = parentElement(target);
    Element object = parentElement(qualifying);
    boolean inPlace =
        ChildElements.hasName(target, XADES_NAMESPACE, "SignedProperties")
            && ChildElements.hasName(qualifying, XADES_NAMESPACE, "QualifyingProperties")
            && ChildElements.hasName(object, Constants.SignatureSpecNS, Constants._TAG_OBJECT)
            && parentElement(object) == signature;
    if (!inPlace) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_TARGET_MISPLACED,
          "The SignedProperties Reference with URI \""
              + uri
              + "\" resolves to element "
              + ElementNames.path(target)
              + ", but it must resolve to the xades:SignedProperties in "
              + ElementNames.path(signature)
              + "/ds:Object/xades:QualifyingProperties.");
    }
    return target;
  }

  private static Element uniqueTarget(String uri, IdIndex ids) throws SignatureRejection {
    String id = uri.substring(1);
    List<Element> targets = ids.elementsWithId(id);
    if (targets.isEmpty()) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_TARGET_MISPLACED,
          "The Reference with URI \""
              + uri
              + "\" names no element: none has an Id, ID or id attribute with value '"
              + id
              + "'.");
    }
    if (targets.size() > 1) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_ID_NOT_UNIQUE,
          "The Reference with URI \""
              + uri
              + "\" is ambiguous, because "
              + targets.size()
              + " elements have the ID '"
              + id
              + "': "
              + targets.stream().map(ElementNames::path).collect(Collectors.joining(", "))
              + ". Give each element a unique ID.");
    }
    return targets.getFirst();
  }

  private static Element parentElement(Element element) {
    return element != null && element.getParentNode() instanceof Element parent ? parent : null;
  }
}
