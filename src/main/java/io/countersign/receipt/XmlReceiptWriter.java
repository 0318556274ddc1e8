package io.countersign.receipt;

import io.countersign.evidence.DocumentRecord;
import java.io.ByteArrayOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the XML form of a receipt, for XML partners that send {@code Accept: application/xml}. It
 * carries the same facts as the JSON receipt, which stays the stored original.
 */
public final class XmlReceiptWriter {

  /** The namespace of the receipt elements. */
  public static final String NAMESPACE = "urn:countersign:receipt:1";

  private XmlReceiptWriter() {}

  public static byte[] write(DocumentRecord document) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.setDefaultNamespace(NAMESPACE);
      xml.writeStartElement(NAMESPACE, "Receipt");
      xml.writeDefaultNamespace(NAMESPACE);
      element(xml, "DocumentId", document.getId());
      element(xml, "Partner", document.getPartnerId());
      element(xml, "ReceivedAt", document.getReceivedAt().toString());
      element(xml, "ContentType", document.getContentType());
      element(xml, "Size", Long.toString(document.getSize()));
      element(xml, "Sha256", document.getSha256());
      signature(xml, document);
      element(xml, "NonRepudiation", Boolean.toString(document.isNonRepudiation()));
      certificate(xml, "Signer", document.getSignerSubject(), document.getSignerIssuer(),
          document.getSignerSerial(), document.getSignerSha256(), null);
      certificate(xml, "Client", document.getClientSubject(), document.getClientIssuer(),
          document.getClientSerial(), document.getClientSha256(), document.getClientSource());
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Failed to write the XML receipt of " + document.getId(), e);
    }
    return bytes.toByteArray();
  }

  private static void signature(XMLStreamWriter xml, DocumentRecord document)
      throws XMLStreamException {
    xml.writeStartElement(NAMESPACE, "Signature");
    xml.writeAttribute("format", document.getSignatureFormat());
    xml.writeAttribute("algorithm", document.getSignatureAlgorithm());
    if (document.getDigestAlgorithm() != null) {
      xml.writeAttribute("digestAlgorithm", document.getDigestAlgorithm());
    }
    xml.writeEndElement();
  }

  /** Writes a certificate summary; nothing when there is no certificate and no source. */
  private static void certificate(
      XMLStreamWriter xml,
      String name,
      String subject,
      String issuer,
      String serialNumber,
      String sha256,
      String source)
      throws XMLStreamException {
    if (sha256 == null && source == null) {
      return;
    }
    xml.writeStartElement(NAMESPACE, name);
    if (sha256 != null) {
      xml.writeAttribute("subject", subject);
      xml.writeAttribute("issuer", issuer);
      xml.writeAttribute("serialNumber", serialNumber);
      xml.writeAttribute("sha256", sha256);
    }
    if (source != null) {
      xml.writeAttribute("source", source);
    }
    xml.writeEndElement();
  }

  private static void element(XMLStreamWriter xml, String name, String text)
      throws XMLStreamException {
    xml.writeStartElement(NAMESPACE, name);
    xml.writeCharacters(text);
    xml.writeEndElement();
  }
}
