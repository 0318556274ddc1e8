package io.countersign.signature.xml;

import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * Creates StAX readers for partner XML that report a DOCTYPE as an event but never read it, never
 * expand an entity beyond the five predefined ones and never fetch anything.
 *
 * <p>The JDK's own StAX implementation is used on purpose, as {@link HardenedXmlParser} uses the
 * JDK's DOM parser: it reports long text in pieces, so a text node of any length costs little
 * memory.
 */
final class XmlStreams {

  /**
   * The JDK property that makes its StAX reader report CDATA sections as CDATA events. Without it,
   * they arrive as CHARACTERS events. That hides the CDATA section nodes that the DOM parser makes,
   * and Santuario's event factory throws an IndexOutOfBoundsException on the empty CHARACTERS event
   * of an empty CDATA section.
   */
  private static final String REPORT_CDATA_EVENT =
      "http://java.sun.com/xml/stream/properties/report-cdata-event";

  private static final XMLInputFactory FACTORY = newFactory();

  private XmlStreams() {}

  static XMLStreamReader newReader(InputStream input) throws XMLStreamException {
    // The factory is configured once and only creates readers here, which the JDK allows
    // concurrently.
    XMLStreamReader reader = FACTORY.createXMLStreamReader(input);
    return "1.1".equals(reader.getVersion()) ? new WithoutNamespaceAttributes(reader) : reader;
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    factory.setProperty(REPORT_CDATA_EVENT, true);
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("External entities are not allowed: " + systemId);
        });
    return factory;
  }

  /**
   * Hides the attributes in the {@code xmlns} namespace, which the JDK's reader (seen in JDK 17 and
   * 25) reports in an XML 1.1 document for each namespace declaration, besides the declaration
   * itself. Without them, the attributes are the ones the DOM parser reports, and a declaration is
   * not canonicalized twice or counted twice against the attribute limit.
   */
  private static final class WithoutNamespaceAttributes extends StreamReaderDelegate {

    WithoutNamespaceAttributes(XMLStreamReader reader) {
      super(reader);
    }

    @Override
    public int getAttributeCount() {
      int count = 0;
      for (int i = 0; i < super.getAttributeCount(); i++) {
        if (!isNamespaceAttribute(i)) {
          count++;
        }
      }
      return count;
    }

    @Override
    public QName getAttributeName(int index) {
      return super.getAttributeName(underlying(index));
    }

    @Override
    public String getAttributeNamespace(int index) {
      return super.getAttributeNamespace(underlying(index));
    }

    @Override
    public String getAttributeLocalName(int index) {
      return super.getAttributeLocalName(underlying(index));
    }

    @Override
    public String getAttributePrefix(int index) {
      return super.getAttributePrefix(underlying(index));
    }

    @Override
    public String getAttributeType(int index) {
      return super.getAttributeType(underlying(index));
    }

    @Override
    public String getAttributeValue(int index) {
      return super.getAttributeValue(underlying(index));
    }

    @Override
    public boolean isAttributeSpecified(int index) {
      return super.isAttributeSpecified(underlying(index));
    }

    @Override
    public String getAttributeValue(String namespaceUri, String localName) {
      return XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(namespaceUri)
          ? null
          : super.getAttributeValue(namespaceUri, localName);
    }

    /** Returns the underlying reader's index of the attribute with this index among the others. */
    private int underlying(int index) {
      int remaining = index;
      for (int i = 0; i < super.getAttributeCount(); i++) {
        if (!isNamespaceAttribute(i) && remaining-- == 0) {
          return i;
        }
      }
      throw new IndexOutOfBoundsException(
          "Attribute index " + index + " is not below the count " + getAttributeCount());
    }

    private boolean isNamespaceAttribute(int underlyingIndex) {
      return XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(
          super.getAttributeNamespace(underlyingIndex));
    }
  }
}
