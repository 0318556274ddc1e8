package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a partner document into a DOM, or rejects it before any signature processing: too large,
 * not well-formed, with a DTD, beyond the parser limits, or with processing instructions outside
 * the document element.
 */
final class SignedDocumentReader {

  private final XmlDocumentLimits limits;
  private final HardenedXmlParser parser;

  SignedDocumentReader(XmlDocumentLimits limits) {
    this.limits = limits;
    this.parser = new HardenedXmlParser(limits);
  }

  Document read(byte[] document) throws SignatureRejection {
    requireSizeWithinLimit(document);

    Document dom = parse(document);

    TopLevelNodeChecker.check(dom);
    return dom;
  }

  private void requireSizeWithinLimit(byte[] document) throws SignatureRejection {
    if (document.length > limits.maxDocumentBytes()) {
      throw new SignatureRejection(
          RejectionReason.DOCUMENT_TOO_LARGE,
          "The document has "
              + document.length
              + " bytes, but the limit is "
              + limits.maxDocumentBytes()
              + " bytes. Send a smaller document.");
    }
  }

  private Document parse(byte[] document) throws SignatureRejection {
    try {
      return parser.parseDocument(document);
    } catch (SAXException e) {
      if (HardenedXmlParser.declaresDoctype(document)) {
        throw new SignatureRejection(
            RejectionReason.DOCUMENT_DTD_FORBIDDEN,
            "The document contains a DOCTYPE declaration. Remove it, because DTDs and entity"
                + " declarations are not accepted.");
      }
      if (HardenedXmlParser.exceedsLimit(e)) {
        throw new SignatureRejection(
            RejectionReason.DOCUMENT_LIMIT_EXCEEDED,
            "The document exceeds a limit of the XML parser"
                + position(e)
                + ": "
                + e.getMessage()
                + " The limits are "
                + limits.maxElementDepth()
                + " levels of nesting and "
                + limits.maxAttributesPerElement()
                + " attributes per element, namespace declarations included.");
      }
      throw new SignatureRejection(
          RejectionReason.DOCUMENT_MALFORMED,
          "The document is not well-formed XML" + position(e) + ". Send well-formed XML.");
    }
  }

  private static String position(SAXException e) {
    if (e instanceof SAXParseException parse && parse.getLineNumber() > 0) {
      return " (error at line "
          + parse.getLineNumber()
          + ", column "
          + parse.getColumnNumber()
          + ")";
    }
    return "";
  }
}
