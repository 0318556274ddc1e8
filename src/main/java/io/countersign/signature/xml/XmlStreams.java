package io.countersign.signature.xml;

import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

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
    return FACTORY.createXMLStreamReader(input);
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
}
