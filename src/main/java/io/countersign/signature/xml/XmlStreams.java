package io.countersign.signature.xml;

import java.io.FilterInputStream;
import java.io.IOException;
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
 * memory. It is set to report CDATA sections in pieces too. The rest of the markup it reads whole
 * (a comment, a processing instruction, a start tag with its attribute values, a DOCTYPE), so a
 * reader fails once it has read {@link #MAX_EVENT_BYTES} for one event.
 */
final class XmlStreams {

  /**
   * The maximum bytes that a reader reads for one event. It bounds the memory of one comment,
   * processing instruction or start tag, and of the start tags of all open elements, which the
   * second pass of streaming verification keeps: 25 MiB at the default 100 levels. The limit is
   * approximate, because the reader reads ahead in buffers of some KiB, so an event a little below
   * or above it may end either way.
   */
  static final int MAX_EVENT_BYTES = 256 * 1024;

  /** The JDK property that sets the characters in each piece of a CDATA section it reports. */
  private static final String CDATA_CHUNK_SIZE = "jdk.xml.cdataChunkSize";

  private static final int CDATA_CHUNK_CHARS = 16 * 1024;

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
    CountingInput counting = new CountingInput(input);
    // The factory is configured once and only creates readers here, which the JDK allows
    // concurrently.
    XMLStreamReader reader = FACTORY.createXMLStreamReader(counting);
    if ("1.1".equals(reader.getVersion())) {
      reader = new WithoutNamespaceAttributes(reader);
    }
    return new EventSizeLimited(reader, counting);
  }

  /** Returns whether a reader failed because one event was longer than {@link #MAX_EVENT_BYTES}. */
  static boolean exceedsEventLimit(XMLStreamException e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof EventTooLongException) {
        return true;
      }
      cause =
          cause instanceof XMLStreamException stream && stream.getNestedException() != null
              ? stream.getNestedException()
              : cause.getCause();
    }
    return false;
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    factory.setProperty(REPORT_CDATA_EVENT, true);
    factory.setProperty(CDATA_CHUNK_SIZE, CDATA_CHUNK_CHARS);
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

  /** Counts the bytes read since the current event began, and fails beyond the limit. */
  private static final class CountingInput extends FilterInputStream {

    private long eventBytes;

    CountingInput(InputStream input) {
      super(input);
    }

    void startEvent() {
      eventBytes = 0;
    }

    @Override
    public int read() throws IOException {
      int value = super.read();
      if (value >= 0) {
        count(1);
      }
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read = super.read(buffer, offset, length);
      if (read > 0) {
        count(read);
      }
      return read;
    }

    @Override
    public long skip(long bytes) throws IOException {
      long skipped = super.skip(bytes);
      count(skipped);
      return skipped;
    }

    private void count(long bytes) throws EventTooLongException {
      eventBytes += bytes;
      if (eventBytes > MAX_EVENT_BYTES) {
        throw new EventTooLongException();
      }
    }
  }

  /** Starts the count of the input's bytes anew for each event. */
  private static final class EventSizeLimited extends StreamReaderDelegate {

    private final CountingInput input;

    EventSizeLimited(XMLStreamReader reader, CountingInput input) {
      super(reader);
      this.input = input;
    }

    @Override
    public int next() throws XMLStreamException {
      input.startEvent();
      return super.next();
    }
  }

  /** Ends reading a document with an event longer than {@link #MAX_EVENT_BYTES}. */
  private static final class EventTooLongException extends IOException {

    EventTooLongException() {
      super("The reader read more than " + MAX_EVENT_BYTES + " bytes for one XML event");
    }
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
