package io.countersign.signature.xml;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.xml.security.c14n.CanonicalizationException;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.c14n.helper.C14nHelper;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.stax.ext.Transformer;
import org.apache.xml.security.stax.ext.stax.XMLSecAttribute;
import org.apache.xml.security.stax.ext.stax.XMLSecEvent;
import org.apache.xml.security.stax.ext.stax.XMLSecEventFactory;
import org.apache.xml.security.stax.ext.stax.XMLSecStartElement;
import org.apache.xml.security.stax.impl.transformer.TransformEnvelopedSignature;
import org.apache.xml.security.stax.impl.transformer.canonicalizer.Canonicalizer11_OmitCommentsTransformer;
import org.apache.xml.security.stax.impl.transformer.canonicalizer.Canonicalizer20010315_Excl;
import org.apache.xml.security.stax.impl.transformer.canonicalizer.Canonicalizer20010315_ExclOmitCommentsTransformer;
import org.apache.xml.security.stax.impl.transformer.canonicalizer.Canonicalizer20010315_OmitCommentsTransformer;
import org.apache.xml.security.transforms.params.InclusiveNamespaces;
import org.apache.xml.security.utils.Constants;

/**
 * The second pass of streaming verification, and the only pass of streaming signing: digests the
 * canonical form of a whole document without its {@code ds:Signature}, as a reference with URI
 * {@code ""} and the enveloped-signature transform defines it, reading the document once from a
 * file.
 *
 * <p>The canonicalization is Santuario's StAX implementation, fed with the events of the JDK's StAX
 * reader, so memory stays bounded by the element nesting. Comments are never digested, whatever the
 * canonicalization, because dereferencing {@code ""} or {@code #id} removes them.
 *
 * <p>The same pass finds every element outside the signature that carries a given ID value, so that
 * the caller can reject an ID that a second element shares.
 */
final class StreamingDigester {

  private static final Set<String> ID_ATTRIBUTE_NAMES = Set.of("Id", "ID", "id");
  private static final int BUFFER_BYTES = 64 * 1024;

  /**
   * The result of one pass.
   *
   * @param digest the digest of the canonical document without its signature
   * @param elementsWithId for each ID asked for, the elements outside the signature that carry it,
   *     as qualified names with their line numbers, the document element first if it carries it
   */
  record Result(byte[] digest, Map<String, List<String>> elementsWithId) {}

  private StreamingDigester() {}

  /**
   * Digests the document.
   *
   * @param canonicalization the canonicalization URI, or null for the default of XML Signature
   *     (inclusive C14N 1.0)
   * @param inclusivePrefixes the InclusiveNamespaces PrefixList of exclusive canonicalization, or
   *     null
   * @param idsToFind ID values to look for outside the signature
   */
  static Result digest(
      Path document,
      String canonicalization,
      String inclusivePrefixes,
      MessageDigest digest,
      Set<String> idsToFind)
      throws IOException, XMLStreamException, XMLSecurityException {
    Transformer canonicalizer =
        newCanonicalizer(
            canonicalization == null ? Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS : canonicalization);
    if (canonicalizer == null) {
      throw new IllegalArgumentException("No streaming canonicalization for " + canonicalization);
    }
    if (inclusivePrefixes != null && canonicalizer instanceof Canonicalizer20010315_Excl) {
      canonicalizer.setProperties(
          Map.of(
              Canonicalizer20010315_Excl.INCLUSIVE_NAMESPACES_PREFIX_LIST,
              prefixList(inclusivePrefixes)));
    }

    Map<String, List<String>> elementsWithId = new HashMap<>();
    try (InputStream input = Files.newInputStream(document);
        OutputStream output =
            new BufferedOutputStream(
                new DigestOutputStream(OutputStream.nullOutputStream(), digest), BUFFER_BYTES)) {
      canonicalizer.setOutputStream(output);
      TransformEnvelopedSignature enveloped = new TransformEnvelopedSignature();
      enveloped.setTransformer(canonicalizer);

      XMLStreamReader reader = XmlStreams.newReader(input);
      try {
        feed(reader, enveloped, idsToFind, elementsWithId);
      } finally {
        reader.close();
      }
      enveloped.doFinal();
    }
    return new Result(digest.digest(), elementsWithId);
  }

  /**
   * Returns the prefixes of a PrefixList as Santuario's StAX canonicalization takes them. Its DOM
   * canonicalization reads both "#default" and "xmlns" as the default namespace and stores it as
   * "xmlns", but the StAX one expects "#default".
   */
  private static List<String> prefixList(String inclusivePrefixes) {
    List<String> prefixes = new ArrayList<>();
    for (String prefix : InclusiveNamespaces.prefixStr2Set(inclusivePrefixes)) {
      prefixes.add(prefix.equals(XMLConstants.XMLNS_ATTRIBUTE) ? "#default" : prefix);
    }
    return prefixes;
  }

  private static void feed(
      XMLStreamReader reader,
      Transformer transformer,
      Set<String> idsToFind,
      Map<String, List<String>> elementsWithId)
      throws XMLStreamException, CanonicalizationException {
    XMLSecStartElement parent = null;
    int signatureDepth = 0;
    int depth = 0;
    while (reader.hasNext()) {
      int type = reader.next();
      if (type == XMLStreamConstants.COMMENT || type == XMLStreamConstants.DTD) {
        continue;
      }
      XMLSecEvent event = XMLSecEventFactory.allocate(reader, parent);
      if (type == XMLStreamConstants.START_ELEMENT) {
        depth++;
        parent = event.asStartElement();
        if (signatureDepth == 0 && isSignature(reader)) {
          signatureDepth = depth;
        }
        if (signatureDepth == 0) {
          requireAbsoluteNamespaces(reader);
        }
        if (signatureDepth == 0 && !idsToFind.isEmpty()) {
          recordIds(reader, idsToFind, elementsWithId);
        }
      } else if (type == XMLStreamConstants.END_ELEMENT) {
        if (depth == signatureDepth) {
          signatureDepth = 0;
        }
        depth--;
        parent = parent == null ? null : parent.getParentXMLSecStartElement();
      }
      transformer.transform(event);
    }
  }

  private static boolean isSignature(XMLStreamReader reader) {
    return Constants.SignatureSpecNS.equals(reader.getNamespaceURI())
        && Constants._TAG_SIGNATURE.equals(reader.getLocalName());
  }

  /**
   * Rejects a namespace declaration with a relative URI, as Santuario's DOM canonicalization (4.0)
   * does for each declaration outside the signature, whether the canonical form renders it or not.
   * Its StAX canonicalization checks only the declarations that it renders, with an
   * XMLStreamException.
   */
  private static void requireAbsoluteNamespaces(XMLStreamReader reader)
      throws CanonicalizationException {
    for (int i = 0; i < reader.getNamespaceCount(); i++) {
      String uri = reader.getNamespaceURI(i);
      if (uri != null && C14nHelper.namespaceIsRelative(uri)) {
        String prefix = reader.getNamespacePrefix(i);
        Object[] arguments = {
          qualifiedName(reader), prefix == null || prefix.isEmpty() ? "xmlns" : prefix, uri
        };
        throw new CanonicalizationException("c14n.Canonicalizer.RelativeNamespace", arguments);
      }
    }
  }

  private static void recordIds(
      XMLStreamReader reader, Set<String> idsToFind, Map<String, List<String>> elementsWithId) {
    for (int i = 0; i < reader.getAttributeCount(); i++) {
      String namespace = reader.getAttributeNamespace(i);
      boolean unqualified = namespace == null || namespace.isEmpty();
      String value = reader.getAttributeValue(i);
      if (unqualified
          && ID_ATTRIBUTE_NAMES.contains(reader.getAttributeLocalName(i))
          && idsToFind.contains(value)) {
        elementsWithId
            .computeIfAbsent(value, id -> new ArrayList<>())
            .add(qualifiedName(reader) + " at line " + reader.getLocation().getLineNumber());
      }
    }
  }

  private static String qualifiedName(XMLStreamReader reader) {
    String prefix = reader.getPrefix();
    return (prefix == null || prefix.isEmpty() ? "" : prefix + ":") + reader.getLocalName();
  }

  /** Returns Santuario's StAX canonicalizer for the URI, without comments, or null. */
  private static Transformer newCanonicalizer(String uri) {
    return switch (uri) {
      case Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS, Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS ->
          new Canonicalizer20010315_OmitCommentsTransformer();
      case Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS, Canonicalizer.ALGO_ID_C14N11_WITH_COMMENTS ->
          new Canonicalizer11WithRootAttributes();
      case Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS,
          Canonicalizer.ALGO_ID_C14N_EXCL_WITH_COMMENTS ->
          new Canonicalizer20010315_ExclOmitCommentsTransformer();
      default -> null;
    };
  }

  /**
   * Santuario's StAX C14N 1.1, which leaves out the xml:id and xml:base attributes of the first
   * element it canonicalizes (seen in Santuario 4.0.4), with those attributes rendered. Its DOM
   * C14N 1.1 renders them, so the signature covers them. The first element here is always the
   * document element, which has no ancestors whose xml:base would have to be joined to its own.
   */
  private static final class Canonicalizer11WithRootAttributes
      extends Canonicalizer11_OmitCommentsTransformer {

    @Override
    protected List<XMLSecAttribute> getInitialUtilizedAttributes(
        XMLSecStartElement element, C14NStack<XMLSecEvent> outputStack) {
      List<XMLSecAttribute> attributes =
          new ArrayList<>(super.getInitialUtilizedAttributes(element, outputStack));
      for (XMLSecAttribute attribute : element.getOnElementDeclaredAttributes()) {
        QName name = attribute.getName();
        boolean idOrBase =
            XMLConstants.XML_NS_URI.equals(name.getNamespaceURI())
                && ("id".equals(name.getLocalPart()) || "base".equals(name.getLocalPart()));
        if (idOrBase) {
          attributes.add(attribute);
        }
      }
      return attributes;
    }
  }
}
