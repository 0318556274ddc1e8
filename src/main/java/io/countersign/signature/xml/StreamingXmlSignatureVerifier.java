package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.VerifiedSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transform;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.transforms.params.InclusiveNamespaces;
import org.w3c.dom.Element;

/**
 * Verifies an enveloped XML Signature over a document kept in a file, in memory bounded by the
 * signature and the element nesting rather than by the document, with the guarantees of {@link
 * XmlSignatureVerifier}.
 *
 * <p>The document is read twice. The first pass ({@link SignatureCapture}) checks the document's
 * shape and keeps its {@code ds:Signature}, wherever among the document element's children it is,
 * usually last. SignedInfo then goes through the same checks as in {@link XmlSignatureVerifier}. The
 * second pass ({@link StreamingDigester}) digests the canonical document without the signature,
 * which the reference digest must equal, and finds any other element that carries a referenced ID.
 * The signature value and the XAdES SignedProperties are verified on the kept signature by
 * Santuario, as for a document in memory.
 *
 * <p>Four things are narrower than in memory, so that memory and time stay bounded:
 *
 * <ul>
 *   <li>the document reference may have at most one canonicalization after the
 *       enveloped-signature transform, which is what signing tools write,
 *   <li>its exclusive canonicalization may list at most {@link #MAX_INCLUSIVE_PREFIXES} prefixes
 *       in its InclusiveNamespaces PrefixList,
 *   <li>the {@code ds:Signature} may have at most {@link SignatureCapture#MAX_SIGNATURE_CHARS}
 *       characters of markup and text,
 *   <li>and a comment, processing instruction, start tag, DOCTYPE or stretch of whitespace outside
 *       the document element may have at most about {@link XmlStreams#MAX_EVENT_BYTES} bytes.
 * </ul>
 *
 * <p>NOTE: The JDK's StAX reader (Temurin 25) rejects the encoding names UTF-32, UTF-32BE and
 * UTF-32LE in the XML declaration, which its DOM parser accepts, so such a document is rejected as
 * malformed on this path only.
 *
 * <p>Instances are thread-safe.
 */
public final class StreamingXmlSignatureVerifier {

  /** The maximum prefixes in the PrefixList of the document reference's exclusive C14N. */
  static final int MAX_INCLUSIVE_PREFIXES = 64;

  private static final Set<String> EXCLUSIVE_CANONICALIZATIONS =
      Set.of(
          Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS,
          Canonicalizer.ALGO_ID_C14N_EXCL_WITH_COMMENTS);

  private final Clock clock;
  private final SignatureCapture capture;
  private final SignatureStructureChecker structureChecker;
  private final SignedInfoChecker signedInfoChecker;
  private final XadesPropertiesChecker xadesChecker;

  public StreamingXmlSignatureVerifier(
      Clock clock, XmlSignaturePolicy policy, XmlDocumentLimits limits) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.capture = new SignatureCapture(Objects.requireNonNull(limits, "limits"));
    this.structureChecker = new SignatureStructureChecker(limits);
    this.signedInfoChecker = new SignedInfoChecker(Objects.requireNonNull(policy, "policy"));
    this.xadesChecker = new XadesPropertiesChecker(policy);
  }

  /**
   * Verifies the document in the file like {@link XmlSignatureVerifier#verify}. The file's size is
   * not checked here: the caller limits what it stores.
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  public VerificationOutcome verify(
      Path document, String expectedPartnerId, SignerDirectory directory) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(directory, "directory");
    try {
      return new VerificationOutcome.Verified(verifyOrReject(document, expectedPartnerId, directory));
    } catch (SignatureRejection e) {
      return new VerificationOutcome.Rejected(e.rejection());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the document from " + document, e);
    }
  }

  private VerifiedSignature verifyOrReject(
      Path document, String expectedPartnerId, SignerDirectory directory)
      throws SignatureRejection, IOException {
    Element signatureElement = capture.capture(document);
    structureChecker.check(signatureElement);
    signedInfoChecker.checkAlgorithms(signatureElement);
    IdIndex ids = IdIndex.of(signatureElement.getOwnerDocument());
    Element signedProperties = ReferenceTargetChecker.check(signatureElement, ids);

    XMLSignature signature = XmlSignatureVerifier.readSignature(signatureElement);
    Reference reference = signedInfoChecker.checkReferences(signature);
    List<RegisteredSigner> candidates =
        RegisteredSignerSelector.select(signature, expectedPartnerId, directory);

    StreamingDigester.Result digested = digestDocument(document, signature, reference);
    requireUniqueIds(digested.elementsWithId(), ids, signatureElement);
    verifyDigests(signature, reference, digested.digest());
    RegisteredSigner signer = XmlSignatureVerifier.verifySignatureValue(signature, candidates);
    SignerValidity.check(signer, clock.instant());
    XmlSignatureVerifier.bindToPartner(signer, expectedPartnerId);
    if (signedProperties != null) {
      xadesChecker.check(signatureElement, signedProperties, signer.certificate());
    }
    return XmlSignatureVerifier.verifiedSignature(signature, reference, signer);
  }

  /** Runs the second pass with the canonicalization and digest that the document reference names. */
  private static StreamingDigester.Result digestDocument(
      Path document, XMLSignature signature, Reference reference)
      throws SignatureRejection, IOException {
    try {
      Transforms transforms = reference.getTransforms();
      if (transforms.getLength() > 2) {
        throw new SignatureRejection(
            RejectionReason.TRANSFORM_NOT_ALLOWED,
            "The document Reference has "
                + (transforms.getLength() - 1)
                + " canonicalizations after the enveloped-signature transform, but a document of"
                + " this size is verified as a stream, which allows one. Sign with one"
                + " canonicalization.");
      }
      Transform canonicalization = transforms.getLength() == 2 ? transforms.item(1) : null;
      String prefixes = inclusivePrefixes(canonicalization);
      requirePrefixListWithinLimit(prefixes);
      MessageDigest digest = reference.getMessageDigestAlgorithm().getAlgorithm();
      return StreamingDigester.digest(
          document,
          canonicalization == null ? null : canonicalization.getURI(),
          prefixes,
          digest,
          referencedIds(signature));
    } catch (XMLStreamException e) {
      // The first pass read the same file to its end, so this is a changed or unreadable file.
      throw new IOException("The document could not be read a second time", e);
    } catch (XMLSecurityException e) {
      throw new SignatureRejection(
          RejectionReason.SIGNATURE_MALFORMED,
          "The digest of the document Reference could not be computed"
              + XmlSignatureVerifier.cause(e)
              + ". Sign the document again with a standard XML Signature library.");
    }
  }

  /**
   * Returns the PrefixList of an exclusive canonicalization, or null. Other canonicalizations
   * ignore it.
   */
  private static String inclusivePrefixes(Transform canonicalization) throws XMLSecurityException {
    if (canonicalization == null
        || !EXCLUSIVE_CANONICALIZATIONS.contains(canonicalization.getURI())) {
      return null;
    }
    Element parameters =
        ChildElements.first(
            canonicalization.getElement(),
            InclusiveNamespaces.ExclusiveCanonicalizationNamespace,
            InclusiveNamespaces._TAG_EC_INCLUSIVENAMESPACES);
    return parameters == null
        ? null
        : new InclusiveNamespaces(parameters, "").getInclusiveNamespaces();
  }

  /**
   * Rejects a PrefixList longer than {@link #MAX_INCLUSIVE_PREFIXES}. Santuario's StAX
   * canonicalization looks each listed prefix up through the ancestors of every element, so the
   * time of a long list grows with the document. With 10,000 prefixes, 100,000 empty elements took
   * 18 s (a one-off measurement on the development machine, Temurin 25).
   */
  private static void requirePrefixListWithinLimit(String prefixes) throws SignatureRejection {
    int count = prefixes == null ? 0 : InclusiveNamespaces.prefixStr2Set(prefixes).size();
    if (count > MAX_INCLUSIVE_PREFIXES) {
      throw new SignatureRejection(
          RejectionReason.TRANSFORM_NOT_ALLOWED,
          "The InclusiveNamespaces PrefixList of the document Reference names "
              + count
              + " prefixes, but a document of this size is verified as a stream, which allows "
              + MAX_INCLUSIVE_PREFIXES
              + ". List only the prefixes that QNames in the content use.");
    }
  }

  /** Returns the IDs that the references name, without the leading '#'. */
  private static Set<String> referencedIds(XMLSignature signature) throws XMLSecurityException {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < signature.getSignedInfo().getLength(); i++) {
      String uri = signature.getSignedInfo().item(i).getURI();
      if (uri != null && uri.startsWith("#")) {
        ids.add(uri.substring(1));
      }
    }
    return ids;
  }

  /**
   * Rejects a referenced ID that an element outside the signature carries, beyond the document
   * element that the document reference names. The first pass checked the IDs inside the signature
   * and on the document element, as {@link ReferenceTargetChecker} does for a whole DOM.
   *
   * <p>NOTE: In memory, a shared ID is rejected before Santuario reads the signature and before
   * the signer is selected. Here a document with a fault that those steps find gets that fault's
   * reason instead of REFERENCE_ID_NOT_UNIQUE. So does a reference to an ID that neither the
   * document element nor the signature carries: the first checks reject it as
   * REFERENCE_TARGET_MISPLACED.
   */
  private static void requireUniqueIds(
      Map<String, List<String>> elementsWithId, IdIndex ids, Element signatureElement)
      throws SignatureRejection {
    Element documentElement = signatureElement.getOwnerDocument().getDocumentElement();
    for (Map.Entry<String, List<String>> entry : elementsWithId.entrySet()) {
      String id = entry.getKey();
      List<String> elements = entry.getValue();
      boolean onDocumentElement = ids.elementsWithId(id).contains(documentElement);
      int allowed = onDocumentElement ? 1 : 0;
      if (elements.size() > allowed) {
        throw new SignatureRejection(
            RejectionReason.REFERENCE_ID_NOT_UNIQUE,
            "The Reference with URI \"#"
                + id
                + "\" is ambiguous, because "
                + (elements.size() + (onDocumentElement ? 0 : 1))
                + " elements have the ID '"
                + id
                + "': "
                + String.join(", ", elements)
                + (onDocumentElement ? "" : " and one in the signature")
                + ". Give each element a unique ID.");
      }
    }
  }

  /**
   * Compares the streamed digest with the document reference's DigestValue, and lets Santuario
   * verify any other reference, which points into the kept signature.
   */
  private static void verifyDigests(XMLSignature signature, Reference documentReference, byte[] digest)
      throws SignatureRejection {
    try {
      if (!MessageDigest.isEqual(digest, documentReference.getDigestValue())) {
        throw new SignatureRejection(
            RejectionReason.REFERENCE_DIGEST_MISMATCH,
            XmlSignatureVerifier.digestMismatchDetail(documentReference));
      }
      for (int i = 0; i < signature.getSignedInfo().getLength(); i++) {
        Reference reference = signature.getSignedInfo().item(i);
        boolean signedProperties =
            ReferenceTargetChecker.SIGNED_PROPERTIES_TYPE.equals(reference.getType());
        if (signedProperties && !reference.verify()) {
          throw new SignatureRejection(
              RejectionReason.REFERENCE_DIGEST_MISMATCH,
              XmlSignatureVerifier.digestMismatchDetail(reference));
        }
      }
    } catch (XMLSecurityException | RuntimeException e) {
      throw new SignatureRejection(
          RejectionReason.SIGNATURE_MALFORMED,
          "The digest of a Reference could not be computed"
              + XmlSignatureVerifier.cause(e)
              + ". Sign the document again with a standard XML Signature library.");
    }
  }
}
