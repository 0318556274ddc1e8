package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.function.Function;
import org.apache.xml.security.Init;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.signature.XMLSignatureByteInput;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.apache.xml.security.utils.Constants;
import org.apache.xml.security.utils.resolver.ResourceResolverContext;
import org.apache.xml.security.utils.resolver.ResourceResolverException;
import org.apache.xml.security.utils.resolver.ResourceResolverSpi;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Verifies a signature of any structure (enveloping, detached, enveloped, referenced by ID) with
 * the lowest layers of the verifier: the hardened parser, the ID index, {@link
 * SignatureStructureChecker}, the algorithm check of {@link SignedInfoChecker}, and Santuario with
 * secure validation. It leaves out the rules on what a reference covers, which only whole-document
 * enveloped signatures meet.
 *
 * <p>URIs outside the document are never fetched: an offline map names local copies, and relative
 * URIs resolve to files under a root directory only.
 */
final class LowLevelSignatureCheck {

  static {
    Init.init();
  }

  /** The result of one check. */
  sealed interface Outcome {}

  /** The signature value and every reference digest verified. */
  record Valid() implements Outcome {}

  /** Santuario reported the signature or a digest as wrong, or could not process it. */
  record Invalid(String why) implements Outcome {}

  /** A project check rejected the document before Santuario verified anything. */
  record Rejected(RejectionReason reason, String detail) implements Outcome {}

  /** No key could be found for the signature. */
  record NoKey() implements Outcome {}

  /** Limits as in production, except for the reference count that interop vectors need. */
  private static final XmlDocumentLimits LIMITS =
      new XmlDocumentLimits(XmlDocumentLimits.defaults().maxDocumentBytes(), 100, 64, 30);

  private final XmlSignaturePolicy policy;
  private final Path root;
  private final Map<String, Path> offlineCopies;

  /**
   * @param root the directory that relative references may not leave
   * @param offlineCopies local files for absolute URIs, which are never fetched
   */
  LowLevelSignatureCheck(XmlSignaturePolicy policy, Path root, Map<String, Path> offlineCopies) {
    this.policy = policy;
    this.root = root.toAbsolutePath().normalize();
    this.offlineCopies = offlineCopies;
  }

  /** Checks the first ds:Signature of the file with the key that {@code keys} finds for it. */
  Outcome check(Path file, Function<XMLSignature, PublicKey> keys) throws IOException {
    Document dom;
    try {
      dom = HardenedXmlParser.parse(Files.readAllBytes(file));
    } catch (SAXException e) {
      if (HardenedXmlParser.declaresDoctype(Files.readAllBytes(file))) {
        return new Rejected(RejectionReason.DOCUMENT_DTD_FORBIDDEN, "DOCTYPE");
      }
      return new Invalid("not well-formed: " + e.getMessage());
    }

    IdIndex.of(dom);
    declareSamlAssertionIds(dom);
    Element signatureElement =
        (Element)
            dom.getElementsByTagNameNS(Constants.SignatureSpecNS, Constants._TAG_SIGNATURE).item(0);
    try {
      new SignatureStructureChecker(LIMITS).check(signatureElement);
      new SignedInfoChecker(policy).checkAlgorithms(signatureElement);
    } catch (SignatureRejection e) {
      return new Rejected(e.rejection().reason(), e.rejection().detail());
    }

    return verify(signatureElement, file, keys);
  }

  /**
   * Declares SAML 1.1 AssertionID attributes as IDs, which Santuario's EdDSA examples reference.
   * The production verifier never does, because UBL documents have no such attribute.
   */
  private static void declareSamlAssertionIds(Document dom) {
    NodeList elements = dom.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < elements.getLength(); i++) {
      Element element = (Element) elements.item(i);
      if (element.hasAttributeNS(null, "AssertionID")) {
        element.setIdAttributeNS(null, "AssertionID", true);
      }
    }
  }

  private Outcome verify(
      Element signatureElement, Path file, Function<XMLSignature, PublicKey> keys) {
    try {
      XMLSignature signature = new XMLSignature(signatureElement, file.toUri().toString(), true);
      signature.addResourceResolver(new OfflineResolver(file.toAbsolutePath().getParent()));

      PublicKey key = keys.apply(signature);
      if (key == null) {
        return new NoKey();
      }
      return signature.checkSignatureValue(key)
          ? new Valid()
          : new Invalid("core validation false");
    } catch (XMLSecurityException | RuntimeException e) {
      return new Invalid(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * Resolves every URI that is not same-document from local files, and fails for the rest rather
   * than let Santuario's own resolvers fetch it.
   */
  private final class OfflineResolver extends ResourceResolverSpi {

    private final Path directory;

    OfflineResolver(Path directory) {
      this.directory = directory;
    }

    @Override
    public boolean engineCanResolveURI(ResourceResolverContext context) {
      String uri = context.uriToResolve;
      return uri != null && !uri.isEmpty() && !uri.startsWith("#");
    }

    @Override
    public XMLSignatureInput engineResolveURI(ResourceResolverContext context)
        throws ResourceResolverException {
      String uri = context.uriToResolve;
      Path local = offlineCopies.get(uri);
      if (local == null && !uri.contains(":")) {
        local = directory.resolve(uri).normalize();
      }
      if (local == null || !local.toAbsolutePath().normalize().startsWith(root)) {
        throw new ResourceResolverException(
            "No offline copy of " + uri + "; it is not fetched", uri, context.baseUri);
      }

      try {
        XMLSignatureInput input = new XMLSignatureByteInput(Files.readAllBytes(local));
        input.setSourceURI(uri);
        return input;
      } catch (IOException e) {
        throw new ResourceResolverException(e, uri, context.baseUri, "Failed to read " + local);
      }
    }
  }
}
