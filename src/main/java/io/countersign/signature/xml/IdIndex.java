package io.countersign.signature.xml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The elements of a document by the value of their {@code Id}, {@code ID} or {@code id} attribute.
 *
 * <p>Without a DTD or schema the parser has no ID attributes, so this index declares those
 * attributes as DOM IDs for Santuario to resolve references such as {@code URI="#invoice"}. It also
 * records every element that carries a value, because the DOM returns one element for an ID even
 * when several share it, which is how signature wrapping hides a second copy.
 */
final class IdIndex {

  /** The attribute names that XML Signature, XAdES and UBL extensions use for IDs. */
  private static final Set<String> ID_ATTRIBUTE_NAMES = Set.of("Id", "ID", "id");

  private final Map<String, List<Element>> elementsById = new HashMap<>();

  private IdIndex() {}

  /** Indexes every element of the document and declares its ID attributes. */
  static IdIndex of(Document document) {
    IdIndex index = new IdIndex();
    index.addSubtree(document.getDocumentElement());
    return index;
  }

  /** Returns the elements whose ID attribute has the value, in document order. */
  List<Element> elementsWithId(String id) {
    return elementsById.getOrDefault(id, List.of());
  }

  private void addSubtree(Element root) {
    // Iterative, so that no nesting the parser admits can overflow the stack.
    List<Element> pending = new ArrayList<>();
    pending.add(root);
    while (!pending.isEmpty()) {
      Element element = pending.removeLast();
      addIdAttributes(element);
      for (Node child = element.getLastChild(); child != null; child = child.getPreviousSibling()) {
        if (child instanceof Element childElement) {
          pending.add(childElement);
        }
      }
    }
  }

  private void addIdAttributes(Element element) {
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      if (attribute.getNamespaceURI() == null
          && ID_ATTRIBUTE_NAMES.contains(attribute.getLocalName())) {
        element.setIdAttributeNode(attribute, true);
        elementsById.computeIfAbsent(attribute.getValue(), id -> new ArrayList<>()).add(element);
      }
    }
  }
}
