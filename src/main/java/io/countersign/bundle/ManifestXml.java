package io.countersign.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes and reads the ODF manifest ({@code META-INF/manifest.xml}) that an ASiC-E container
 * uses to list its entries with their media types, in the OpenDocument manifest format.
 */
public final class ManifestXml {

  static final String NAMESPACE = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

  private ManifestXml() {}

  /** Writes the manifest: the root {@code /} with the bundle's media type, then each entry. */
  public static byte[] write(List<BundleEntry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("manifest", "manifest", NAMESPACE);
      xml.writeNamespace("manifest", NAMESPACE);
      xml.writeAttribute("manifest", NAMESPACE, "version", "1.2");
      writeFileEntry(xml, "/", BundleLayout.MIMETYPE);
      for (BundleEntry entry : entries) {
        writeFileEntry(xml, entry.name(), entry.mediaType());
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("The manifest cannot be written", e);
    }
    return out.toByteArray();
  }

  private static void writeFileEntry(XMLStreamWriter xml, String path, String mediaType)
      throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeEmptyElement("manifest", "file-entry", NAMESPACE);
    xml.writeAttribute("manifest", NAMESPACE, "full-path", path);
    xml.writeAttribute("manifest", NAMESPACE, "media-type", mediaType);
  }

  /**
   * Reads the file entries of a manifest: full path to media type, in document order. DTDs and
   * external entities are not processed.
   *
   * @throws XMLStreamException if the manifest is not well-formed XML
   */
  public static Map<String, String> read(byte[] manifest) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(manifest));

    Map<String, String> entries = new LinkedHashMap<>();
    while (xml.hasNext()) {
      if (xml.next() == XMLStreamConstants.START_ELEMENT
          && NAMESPACE.equals(xml.getNamespaceURI())
          && "file-entry".equals(xml.getLocalName())) {
        entries.put(
            xml.getAttributeValue(NAMESPACE, "full-path"),
            xml.getAttributeValue(NAMESPACE, "media-type"));
      }
    }
    xml.close();
    return entries;
  }
}
