package io.countersign.benchmark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Builds unsigned UBL 2.1 invoices of a chosen size from the OASIS example invoice.
 *
 * <p>An invoice keeps the example's document element and as many of its header elements, in
 * order, as leave room for one invoice line, then repeats the example's five invoice lines until it
 * reaches the size. So an invoice smaller than the example's header (about 10 KB) has a shortened
 * header, and a larger one has the whole header and many lines. Its {@code cbc:ID} is set to the
 * given invoice id, so that invoices with different ids have different signatures. Instances are
 * thread-safe, because {@link #invoice} reads the example's DOM under the instance's lock.
 */
public final class UblDocuments {

  private static final String CBC =
      "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
  private static final String CAC =
      "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
  private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  private static final String INDENT = "\n\t";

  private final Document example;
  private final List<Element> header = new ArrayList<>();
  private final List<Element> lines = new ArrayList<>();
  private final int emptySize;
  private final List<Integer> headerSizes = new ArrayList<>();
  private final List<Integer> lineSizes = new ArrayList<>();

  private UblDocuments(Document example) {
    this.example = example;
    for (Node child = example.getDocumentElement().getFirstChild();
        child != null;
        child = child.getNextSibling()) {
      if (child instanceof Element element) {
        boolean line = CAC.equals(element.getNamespaceURI())
            && "InvoiceLine".equals(element.getLocalName());
        (line ? lines : header).add(element);
      }
    }
    this.emptySize = serialize(build(List.of())).length;
    header.forEach(element -> headerSizes.add(sizeOf(element)));
    lines.forEach(element -> lineSizes.add(sizeOf(element)));
  }

  /** Reads the example invoice from the conformance directory. */
  public static UblDocuments fromExample() {
    Path example =
        Conformance.directory()
            .resolve("business-documents/oasis-ubl-2.1/UBL-Invoice-2.1-Example.xml");
    try {
      return new UblDocuments(parse(Files.readAllBytes(example)));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the example invoice " + example, e);
    }
  }

  /** Returns an invoice of about {@code targetBytes} (at least one line) with the invoice id. */
  public synchronized byte[] invoice(int targetBytes, String invoiceId) {
    List<Element> children = new ArrayList<>();
    int size = emptySize;
    int headerBudget = targetBytes - lineSizes.getFirst();
    for (int i = 0; i < header.size(); i++) {
      // The first two, UBLVersionID and ID, stay in every invoice.
      if (i >= 2 && size + headerSizes.get(i) > headerBudget) {
        break;
      }
      children.add(header.get(i));
      size += headerSizes.get(i);
    }

    int line = 0;
    do {
      children.add(lines.get(line % lines.size()));
      size += lineSizes.get(line % lines.size());
      line++;
    } while (size < targetBytes);

    Document invoice = build(children);
    setInvoiceId(invoice, invoiceId);
    return serialize(invoice);
  }

  private Document build(List<Element> children) {
    Document document = newBuilder().newDocument();
    Node root = document.importNode(example.getDocumentElement(), false);
    document.appendChild(root);
    for (Element child : children) {
      root.appendChild(document.createTextNode(INDENT));
      root.appendChild(document.importNode(child, true));
    }
    root.appendChild(document.createTextNode("\n"));
    return document;
  }

  private int sizeOf(Element element) {
    return serialize(build(List.of(element))).length - emptySize;
  }

  private static void setInvoiceId(Document invoice, String invoiceId) {
    for (Node child = invoice.getDocumentElement().getFirstChild();
        child != null;
        child = child.getNextSibling()) {
      if (child instanceof Element element
          && CBC.equals(element.getNamespaceURI())
          && "ID".equals(element.getLocalName())) {
        element.setTextContent(invoiceId);
        return;
      }
    }
    throw new IllegalStateException("The example invoice has no cbc:ID");
  }

  private static Document parse(byte[] xml) {
    try {
      return newBuilder().parse(new ByteArrayInputStream(xml));
    } catch (SAXException | IOException e) {
      throw new IllegalStateException("The example invoice is not well-formed XML", e);
    }
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("The JDK XML parser lacks a standard feature", e);
    }
  }

  private static byte[] serialize(Document document) {
    try {
      Transformer identity = TransformerFactory.newDefaultInstance().newTransformer();
      identity.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      identity.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      output.writeBytes(XML_DECLARATION.getBytes(StandardCharsets.US_ASCII));
      identity.transform(new DOMSource(document), new StreamResult(output));
      return output.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("Failed to serialize an invoice", e);
    }
  }
}
