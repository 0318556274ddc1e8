package io.countersign.signature.xml;

import java.util.ArrayList;
import java.util.List;
import org.apache.xml.security.utils.Constants;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Finds child elements by namespace and local name. Only direct children count, so that an element
 * of the same name placed deeper, as in signature wrapping, is never taken for the real one.
 */
final class ChildElements {

  private ChildElements() {}

  /** Returns the children with the name in document order, or none if {@code parent} is null. */
  static List<Element> all(Element parent, String namespace, String localName) {
    List<Element> children = new ArrayList<>();
    if (parent == null) {
      return children;
    }
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && hasName(element, namespace, localName)) {
        children.add(element);
      }
    }
    return children;
  }

  /** Returns the first child with the name, or null if there is none. */
  static Element first(Element parent, String namespace, String localName) {
    List<Element> children = all(parent, namespace, localName);
    return children.isEmpty() ? null : children.getFirst();
  }

  /** Returns the {@code ds:Reference} children of the signature's {@code ds:SignedInfo}. */
  static List<Element> references(Element signature) {
    Element signedInfo = first(signature, Constants.SignatureSpecNS, Constants._TAG_SIGNEDINFO);
    return all(signedInfo, Constants.SignatureSpecNS, Constants._TAG_REFERENCE);
  }

  static boolean hasName(Node node, String namespace, String localName) {
    return node instanceof Element
        && namespace.equals(node.getNamespaceURI())
        && localName.equals(node.getLocalName());
  }
}
