package io.countersign.signature.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses partner XML into a DOM without reading a DTD, expanding an entity or fetching anything.
 *
 * <p>The JDK's built-in parsers are used on purpose, so that the feature names below are the ones
 * the parser in use understands, whatever other parser the application server puts first.
 */
final class HardenedXmlParser {

  private static final String DISALLOW_DOCTYPE =
      "http://apache.org/xml/features/disallow-doctype-decl";
  private static final String EXTERNAL_GENERAL_ENTITIES =
      "http://xml.org/sax/features/external-general-entities";
  private static final String EXTERNAL_PARAMETER_ENTITIES =
      "http://xml.org/sax/features/external-parameter-entities";
  private static final String LOAD_EXTERNAL_DTD =
      "http://apache.org/xml/features/nonvalidating/load-external-dtd";

  private static final String MAX_ELEMENT_DEPTH = "jdk.xml.maxElementDepth";
  private static final String ELEMENT_ATTRIBUTE_LIMIT = "jdk.xml.elementAttributeLimit";

  private static final HardenedXmlParser DEFAULT =
      new HardenedXmlParser(XmlDocumentLimits.defaults());

  private final DocumentBuilderFactory factory;

  /**
   * Creates a parser that stops at the depth and attribute limits. Set here rather than left to the
   * JDK, because Java 21 has no depth limit and allows 10,000 attributes per element.
   */
  HardenedXmlParser(XmlDocumentLimits limits) {
    this.factory = newFactory(limits);
  }

  /** Parses a document with the {@link XmlDocumentLimits#defaults() default limits}. */
  static Document parse(byte[] xml) throws SAXException {
    return DEFAULT.parseDocument(xml);
  }

  /**
   * Parses a document. Fails with a {@link SAXParseException} if it is not well-formed, declares a
   * document type or exceeds a limit.
   */
  Document parseDocument(byte[] xml) throws SAXException {
    try {
      DocumentBuilder builder = newBuilder();
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (IOException e) {
      // Only a byte array is read, so an I/O error is the parser's report of bad input.
      throw new SAXException("Failed to read the document", e);
    }
  }

  /**
   * Returns whether the JDK parser stopped at one of its processing limits (depth, attributes, name
   * length, entity sizes). Those messages start with a JAXP code such as JAXP00010006 and name the
   * limit.
   */
  static boolean exceedsLimit(SAXException e) {
    return e.getMessage() != null && e.getMessage().startsWith("JAXP0001");
  }

  /**
   * Returns whether the prolog declares a document type. Used to tell a rejected DOCTYPE from other
   * parse errors without depending on the parser's localized message text.
   */
  static boolean declaresDoctype(byte[] xml) {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    try {
      XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      try {
        return scanPrologForDoctype(reader);
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      return false;
    }
  }

  private static boolean scanPrologForDoctype(XMLStreamReader reader) throws XMLStreamException {
    while (reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamConstants.DTD) {
        return true;
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        return false;
      }
    }
    return false;
  }

  private DocumentBuilder newBuilder() {
    try {
      DocumentBuilder builder;
      // JAXP does not promise that a factory is thread-safe, but a builder serves one parse only.
      synchronized (factory) {
        builder = factory.newDocumentBuilder();
      }
      // The default handler prints fatal errors to standard error before throwing them.
      builder.setErrorHandler(new SilentErrorHandler());
      // Nothing may be fetched, even if a later change lets a DOCTYPE through.
      builder.setEntityResolver(
          (publicId, systemId) -> {
            throw new SAXException("External entities are not allowed: " + systemId);
          });
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("The JDK XML parser rejected its configuration", e);
    }
  }

  private static DocumentBuilderFactory newFactory(XmlDocumentLimits limits) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature(DISALLOW_DOCTYPE, true);
      factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
      factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
      factory.setFeature(LOAD_EXTERNAL_DTD, false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setAttribute(MAX_ELEMENT_DEPTH, limits.maxElementDepth());
      factory.setAttribute(ELEMENT_ATTRIBUTE_LIMIT, limits.maxAttributesPerElement());
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      return factory;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("The JDK XML parser does not support hardening", e);
    }
  }

  /** Reports errors only by throwing them, so that partner input never reaches the log. */
  private static final class SilentErrorHandler extends DefaultHandler {

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  }
}
