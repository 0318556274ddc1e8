package io.countersign.signature.xml;

import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Names elements in problem details, so that a partner can find the one a rejection means. */
final class ElementNames {

  private ElementNames() {}

  /** Returns the element's expanded name in James Clark notation, for example '{urn:x}Invoice'. */
  static String expanded(Node element) {
    String namespace = element.getNamespaceURI();
    if (namespace == null || namespace.equals(XMLConstants.NULL_NS_URI)) {
      return "'" + element.getLocalName() + "'";
    }
    return "'{" + namespace + "}" + element.getLocalName() + "'";
  }

  /** Returns the element's path of qualified names, for example {@code /Invoice/ds:Signature}. */
  static String path(Element element) {
    Deque<String> names = new ArrayDeque<>();
    for (Node node = element; node instanceof Element; node = node.getParentNode()) {
      names.addFirst(node.getNodeName());
    }
    return "/" + String.join("/", names);
  }
}
