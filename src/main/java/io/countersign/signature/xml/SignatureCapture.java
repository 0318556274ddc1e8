package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.xml.security.utils.Constants;
import org.w3c.dom.CDATASection;
import org.w3c.dom.Comment;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.ProcessingInstruction;

/**
 * The first pass of streaming verification: reads a document from a file once, checks it as {@link
 * SignedDocumentReader} and {@link EnvelopedSignatureLocator} check a DOM, and keeps only what the
 * signature needs in memory.
 *
 * <p>What it keeps is a small DOM: a copy of the document element's start tag, with its namespace
 * declarations and attributes, whose only child is the document's {@code ds:Signature}. SignedInfo
 * has the same in-scope namespaces there as in the document, so it canonicalizes to the same octets,
 * and the XAdES SignedProperties inside the signature can be dereferenced and digested as usual.
 * Everything else is read and dropped.
 */
final class SignatureCapture {

  /** The largest {@code ds:Signature}, in characters, that is kept in memory. */
  static final int MAX_SIGNATURE_CHARS = 1024 * 1024;

  private final XmlDocumentLimits limits;

  SignatureCapture(XmlDocumentLimits limits) {
    this.limits = limits;
  }

  /** Returns the small DOM's {@code ds:Signature}, or rejects the document. */
  Element capture(Path document) throws SignatureRejection, IOException {
    try (InputStream input = Files.newInputStream(document)) {
      XMLStreamReader reader = XmlStreams.newReader(input);
      try {
        return new Pass(reader).run();
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      throw rejection(e);
    }
  }

  /**
   * Returns a copy of the document element's start tag, in a DOM of its own, reading the document
   * only up to it.
   */
  Element startTag(Path document) throws SignatureRejection, IOException {
    try (InputStream input = Files.newInputStream(document)) {
      XMLStreamReader reader = XmlStreams.newReader(input);
      try {
        return new Pass(reader).documentElement();
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      throw rejection(e);
    }
  }

  /** The state of one pass over one document. */
  private final class Pass {

    private final XMLStreamReader reader;
    private final Document skeleton = newDocument();
    /** Text of the signature that waits for the next node or end tag. */
    private final StringBuilder text = new StringBuilder();
    private Element documentElement;
    private Element signature;
    private int signatures;
    private String misplacedParent;
    private String topLevelInstruction;
    private int depth;
    private Node open;
    private long capturedChars;

    Pass(XMLStreamReader reader) {
      this.reader = reader;
      // An XML 1.1 document may use names that a DOM of XML 1.0 rejects with a DOMException.
      if ("1.1".equals(reader.getVersion())) {
        skeleton.setXmlVersion("1.1");
      }
    }

    Element run() throws XMLStreamException, SignatureRejection {
      while (reader.hasNext()) {
        next();
      }
      rejectTopLevelInstruction();
      return located();
    }

    Element documentElement() throws XMLStreamException, SignatureRejection {
      while (documentElement == null && reader.hasNext()) {
        next();
      }
      if (documentElement == null) {
        throw new SignatureRejection(
            RejectionReason.DOCUMENT_MALFORMED, "The document has no document element.");
      }
      rejectTopLevelInstruction();
      return documentElement;
    }

    private void next() throws XMLStreamException, SignatureRejection {
      switch (reader.next()) {
        case XMLStreamConstants.START_ELEMENT -> startElement();
        case XMLStreamConstants.END_ELEMENT -> endElement();
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> keepText(reader.getText());
        case XMLStreamConstants.CDATA -> {
          // A CDATA section node, as the DOM parser makes, because Santuario reads the text of
          // DigestValue and SignatureValue from text nodes only.
          if (open != null) {
            keep(skeleton.createCDATASection(reader.getText()));
          }
        }
        case XMLStreamConstants.COMMENT -> {
          if (open != null) {
            keep(skeleton.createComment(reader.getText()));
          }
        }
        case XMLStreamConstants.PROCESSING_INSTRUCTION -> processingInstruction();
        case XMLStreamConstants.DTD ->
            throw new SignatureRejection(
                RejectionReason.DOCUMENT_DTD_FORBIDDEN,
                "The document contains a DOCTYPE declaration. Remove it, because DTDs and entity"
                    + " declarations are not accepted.");
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw new SignatureRejection(
                RejectionReason.DOCUMENT_MALFORMED,
                "The document refers to the undeclared entity '"
                    + reader.getLocalName()
                    + "'"
                    + position(reader.getLocation())
                    + ". Send well-formed XML.");
        default -> {
          // The document start and end carry nothing to keep.
        }
      }
    }

    private void startElement() throws SignatureRejection {
      depth++;
      requireWithinLimits();
      boolean isSignature =
          Constants.SignatureSpecNS.equals(reader.getNamespaceURI())
              && Constants._TAG_SIGNATURE.equals(reader.getLocalName());
      if (isSignature) {
        signatures++;
      }

      if (depth == 1) {
        documentElement = copyStartTag();
        skeleton.appendChild(documentElement);
        if (isSignature) {
          misplacedParent = "";
        }
      } else if (open != null) {
        Element element = copyStartTag();
        keep(element);
        open = element;
      } else if (isSignature && depth == 2 && signature == null) {
        signature = copyStartTag();
        documentElement.appendChild(signature);
        open = signature;
      } else if (isSignature && misplacedParent == null) {
        misplacedParent = "nested";
      }
    }

    private void endElement() {
      depth--;
      if (open != null) {
        appendText();
        open = open == signature ? null : open.getParentNode();
      }
    }

    private void processingInstruction() throws SignatureRejection {
      // Rejected after the whole document is read, because the in-memory verifier rejects a
      // document that is not well-formed or has a DOCTYPE before it looks at its top-level nodes.
      if (depth == 0) {
        if (topLevelInstruction == null) {
          topLevelInstruction = reader.getPITarget();
        }
        return;
      }
      keep(skeleton.createProcessingInstruction(reader.getPITarget(), reader.getPIData()));
    }

    private void rejectTopLevelInstruction() throws SignatureRejection {
      if (topLevelInstruction != null) {
        throw new SignatureRejection(
            RejectionReason.DOCUMENT_PROCESSING_INSTRUCTION_FORBIDDEN,
            "The document contains the processing instruction <?"
                + topLevelInstruction
                + "?> outside the document element, where no signature covers it. Remove it.");
      }
    }

    /** Appends a node to the signature being captured. Outside the signature, drops the node. */
    private void keep(Node node) throws SignatureRejection {
      if (open == null) {
        return;
      }
      count(characters(node));
      appendText();
      open.appendChild(node);
    }

    /**
     * Adds text to the signature being captured, and outside the signature drops it. The JDK's
     * reader reports each character reference as text of its own, so the text waits for the next
     * node or end tag and becomes one text node, as in a DOM that a parser builds.
     */
    private void keepText(String characters) throws SignatureRejection {
      if (open == null) {
        return;
      }
      count(characters.length());
      text.append(characters);
    }

    private void appendText() {
      if (!text.isEmpty()) {
        open.appendChild(skeleton.createTextNode(text.toString()));
        text.setLength(0);
      }
    }

    private void count(long characters) throws SignatureRejection {
      capturedChars += characters;
      if (capturedChars > MAX_SIGNATURE_CHARS) {
        throw new SignatureRejection(
            RejectionReason.DOCUMENT_LIMIT_EXCEEDED,
            "The Signature element has more than "
                + MAX_SIGNATURE_CHARS
                + " characters of markup and text. Keep large content in the document, not in"
                + " the signature.");
      }
    }

    /**
     * Returns the characters of the shortest markup that makes a node, its children not included,
     * such as {@code <a/>} for an element without attributes. Every node counts, even an empty
     * comment, so the limit bounds the number of nodes too.
     */
    private static long characters(Node node) {
      return switch (node) {
        case Element element -> startTagCharacters(element);
        case CDATASection section -> "<![CDATA[]]>".length() + section.getLength();
        case Comment comment -> "<!---->".length() + comment.getLength();
        case ProcessingInstruction instruction ->
            "<??>".length()
                + instruction.getTarget().length()
                + (instruction.getData().isEmpty() ? 0 : 1 + instruction.getData().length());
        default -> node.getNodeValue().length();
      };
    }

    /** Returns the characters of an empty-element tag, such as {@code <a b="c"/>}. */
    private static long startTagCharacters(Element element) {
      long characters = "</>".length() + element.getTagName().length();
      for (int i = 0; i < element.getAttributes().getLength(); i++) {
        Node attribute = element.getAttributes().item(i);
        String name = attribute.getNodeName();
        characters += " =\"\"".length() + name.length() + attribute.getNodeValue().length();
      }
      return characters;
    }

    private Element copyStartTag() {
      String prefix = reader.getPrefix();
      String localName = reader.getLocalName();
      String qualifiedName = prefix == null || prefix.isEmpty() ? localName : prefix + ":" + localName;
      Element element = skeleton.createElementNS(emptyToNull(reader.getNamespaceURI()), qualifiedName);
      for (int i = 0; i < reader.getNamespaceCount(); i++) {
        String declared = reader.getNamespacePrefix(i);
        String attribute =
            declared == null || declared.isEmpty()
                ? XMLConstants.XMLNS_ATTRIBUTE
                : XMLConstants.XMLNS_ATTRIBUTE + ":" + declared;
        String uri = reader.getNamespaceURI(i);
        element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, attribute, uri == null ? "" : uri);
      }
      for (int i = 0; i < reader.getAttributeCount(); i++) {
        String attributePrefix = reader.getAttributePrefix(i);
        String name = reader.getAttributeLocalName(i);
        String qualified =
            attributePrefix == null || attributePrefix.isEmpty() ? name : attributePrefix + ":" + name;
        element.setAttributeNS(
            emptyToNull(reader.getAttributeNamespace(i)), qualified, reader.getAttributeValue(i));
      }
      return element;
    }

    private void requireWithinLimits() throws SignatureRejection {
      if (depth > limits.maxElementDepth()) {
        throw limitExceeded("element nesting deeper than " + limits.maxElementDepth() + " levels");
      }
      int attributes = reader.getAttributeCount() + reader.getNamespaceCount();
      if (attributes > limits.maxAttributesPerElement()) {
        throw limitExceeded("an element with " + attributes + " attributes");
      }
    }

    private SignatureRejection limitExceeded(String excess) {
      return new SignatureRejection(
          RejectionReason.DOCUMENT_LIMIT_EXCEEDED,
          "The document exceeds a limit of the XML parser"
              + position(reader.getLocation())
              + ": it has "
              + excess
              + ". The limits are "
              + limits.maxElementDepth()
              + " levels of nesting and "
              + limits.maxAttributesPerElement()
              + " attributes per element, namespace declarations included.");
    }

    /** Returns the captured signature after the checks that {@link EnvelopedSignatureLocator} makes. */
    private Element located() throws SignatureRejection {
      if (signatures == 0) {
        throw new SignatureRejection(
            RejectionReason.SIGNATURE_MISSING,
            "The document contains no Signature element in the namespace "
                + Constants.SignatureSpecNS
                + ". Sign the whole document with an enveloped XML Signature.");
      }
      if (signatures > 1) {
        throw new SignatureRejection(
            RejectionReason.SIGNATURE_AMBIGUOUS,
            "The document contains "
                + signatures
                + " Signature elements, but exactly one is allowed. Send the document with one"
                + " enveloped signature over the whole document.");
      }
      if (signature == null) {
        throw new SignatureRejection(
            RejectionReason.REFERENCE_NOT_WHOLE_DOCUMENT,
            misplacedParent.isEmpty()
                ? "The Signature element is the document element, so it is detached from the"
                    + " document it signs. Send the signed document with the signature enveloped"
                    + " in it."
                : "The Signature element is not a direct child of the document element "
                    + ElementNames.expanded(documentElement)
                    + ". Place the enveloped signature as a child of the document element.");
      }
      documentElement.normalize();
      return signature;
    }
  }

  /**
   * Turns a parse error into a rejection. An event longer than {@link XmlStreams#MAX_EVENT_BYTES}
   * exceeds a limit, and so does an error with a JAXP code such as JAXP00010006, which the JDK's
   * own processing limits (such as its depth limit) report. Any other error means bad XML.
   */
  private SignatureRejection rejection(XMLStreamException e) {
    if (XmlStreams.exceedsEventLimit(e)) {
      return new SignatureRejection(
          RejectionReason.DOCUMENT_LIMIT_EXCEEDED,
          "The document exceeds a limit of the streaming XML parser"
              + position(e.getLocation())
              + ": it read more than "
              + XmlStreams.MAX_EVENT_BYTES
              + " bytes for one comment, processing instruction, start tag, DOCTYPE or stretch of"
              + " whitespace outside the document element. Keep large content in element text or"
              + " CDATA sections.");
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    int code = message.indexOf("JAXP0001");
    if (code >= 0) {
      return new SignatureRejection(
          RejectionReason.DOCUMENT_LIMIT_EXCEEDED,
          "The document exceeds a limit of the XML parser"
              + position(e.getLocation())
              + ": "
              + message.substring(code).strip()
              + " The limits are "
              + limits.maxElementDepth()
              + " levels of nesting and "
              + limits.maxAttributesPerElement()
              + " attributes per element, namespace declarations included.");
    }
    return new SignatureRejection(
        RejectionReason.DOCUMENT_MALFORMED,
        "The document is not well-formed XML" + position(e.getLocation()) + ". Send well-formed XML.");
  }

  private static String position(Location location) {
    if (location == null || location.getLineNumber() <= 0) {
      return "";
    }
    return " (error at line "
        + location.getLineNumber()
        + ", column "
        + location.getColumnNumber()
        + ")";
  }

  private static String emptyToNull(String namespace) {
    return namespace == null || namespace.isEmpty() ? null : namespace;
  }

  private static Document newDocument() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setNamespaceAware(true);
      return factory.newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("The JDK cannot create an empty DOM", e);
    }
  }
}
