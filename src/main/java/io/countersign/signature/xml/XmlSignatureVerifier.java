package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.VerifiedSignature;
import io.countersign.trust.CertificateSummary;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.xml.security.Init;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Verifies an enveloped XML Signature over a whole partner document, plain or XAdES-BES/-EPES.
 *
 * <p>A {@code Verified} outcome guarantees that:
 *
 * <ul>
 *   <li>the document is within the {@link XmlDocumentLimits}, well-formed, has no DOCTYPE and no
 *       processing instruction outside the document element,
 *   <li>it contains exactly one {@code ds:Signature}, a direct child of the document element,
 *       without HMACOutputLength or RetrievalMethod,
 *   <li>SignedInfo uses only algorithms that the {@link XmlSignaturePolicy} allows,
 *   <li>exactly one reference covers the document: URI {@code ""}, or the ID of the document
 *       element, carried by no other element, with the enveloped-signature transform first and
 *       canonicalizations after it,
 *   <li>at most one other reference, of the XAdES SignedProperties type, points by a unique ID to
 *       the SignedProperties in this signature's own {@code ds:Object}, with canonicalizations
 *       only,
 *   <li>every reference digest and the signature value verify with the public key of a certificate
 *       registered in the {@link SignerDirectory},
 *   <li>certificate and registration are valid at the clock's instant,
 *   <li>the registration belongs to the expected partner,
 *   <li>and for XAdES, the QualifyingProperties target this signature and their signing certificate
 *       digest (and issuer and serial, if present) match the registered certificate.
 * </ul>
 *
 * <p>Comments are not covered, because XML Signature removes them when it dereferences the URI
 * {@code ""} or {@code #id}, so they may change after signing.
 *
 * <p>It trusts the directory and nothing in the signature: KeyInfo certificates only select a
 * registration, a KeyValue is never used, and nothing is fetched. It does not build or check a
 * certificate path to a CA, because registration is what makes a signer trusted here. Instances are
 * thread-safe.
 */
public final class XmlSignatureVerifier {

  static {
    Init.init();
  }

  private static final String FORMAT = "xmldsig-enveloped";
  private static final int MAX_CAUSE_LENGTH = 200;

  private final Clock clock;
  private final SignedDocumentReader reader;
  private final SignatureStructureChecker structureChecker;
  private final SignedInfoChecker signedInfoChecker;
  private final XadesPropertiesChecker xadesChecker;

  /** Creates a verifier with {@link XmlSignaturePolicy#defaults()}. */
  public XmlSignatureVerifier(Clock clock) {
    this(clock, XmlSignaturePolicy.defaults());
  }

  /** Creates a verifier with {@link XmlDocumentLimits#defaults()}. */
  public XmlSignatureVerifier(Clock clock, XmlSignaturePolicy policy) {
    this(clock, policy, XmlDocumentLimits.defaults());
  }

  public XmlSignatureVerifier(Clock clock, XmlSignaturePolicy policy, XmlDocumentLimits limits) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reader = new SignedDocumentReader(limits);
    this.structureChecker = new SignatureStructureChecker(limits);
    this.signedInfoChecker = new SignedInfoChecker(policy);
    this.xadesChecker = new XadesPropertiesChecker(policy);
  }

  /**
   * Verifies the document's signature and checks that a signer registered to {@code
   * expectedPartnerId} made it. Every bad or hostile input ends as a {@code Rejected} outcome.
   */
  public VerificationOutcome verify(
      byte[] document, String expectedPartnerId, SignerDirectory directory) {
    return verifyWithDetails(document, expectedPartnerId, directory).outcome();
  }

  /**
   * Verifies like {@link #verify} and also returns the XAdES signed properties of a verified XAdES
   * signature.
   */
  public XmlVerificationDetails verifyWithDetails(
      byte[] document, String expectedPartnerId, SignerDirectory directory) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(directory, "directory");

    try {
      return verifyOrReject(document, expectedPartnerId, directory);
    } catch (SignatureRejection e) {
      return new XmlVerificationDetails(
          new VerificationOutcome.Rejected(e.rejection()), Optional.empty());
    }
  }

  private XmlVerificationDetails verifyOrReject(
      byte[] document, String expectedPartnerId, SignerDirectory directory)
      throws SignatureRejection {
    Document dom = reader.read(document);
    Element signatureElement = locateSignature(dom);
    Element signedProperties = ReferenceTargetChecker.check(signatureElement, IdIndex.of(dom));

    XMLSignature signature = readSignature(signatureElement);
    Reference reference = signedInfoChecker.checkReferences(signature);
    List<RegisteredSigner> candidates =
        RegisteredSignerSelector.select(signature, expectedPartnerId, directory);

    verifyDigests(signature);
    RegisteredSigner signer = verifySignatureValue(signature, candidates);
    SignerValidity.check(signer, clock.instant());
    bindToPartner(signer, expectedPartnerId);
    Optional<XadesProperties> xades = checkXades(signatureElement, signedProperties, signer);

    VerifiedSignature verified = verifiedSignature(signature, reference, signer);
    return new XmlVerificationDetails(new VerificationOutcome.Verified(verified), xades);
  }

  /** Returns the one signature after the checks that need only its DOM. */
  private Element locateSignature(Document dom) throws SignatureRejection {
    Element signatureElement = EnvelopedSignatureLocator.locate(dom);
    structureChecker.check(signatureElement);
    signedInfoChecker.checkAlgorithms(signatureElement);
    return signatureElement;
  }

  private Optional<XadesProperties> checkXades(
      Element signatureElement, Element signedProperties, RegisteredSigner signer)
      throws SignatureRejection {
    if (signedProperties == null) {
      return Optional.empty();
    }
    return Optional.of(
        xadesChecker.check(signatureElement, signedProperties, signer.certificate()));
  }

  /** Reads the signature with Santuario's secure validation, which limits references. */
  static XMLSignature readSignature(Element signatureElement) throws SignatureRejection {
    try {
      return new XMLSignature(signatureElement, "", true);
    } catch (XMLSecurityException | RuntimeException e) {
      throw new SignatureRejection(
          RejectionReason.SIGNATURE_MALFORMED,
          "The Signature element is not a valid XML Signature"
              + cause(e)
              + ". Sign the document again with a standard XML Signature library.");
    }
  }

  /**
   * Checks the reference digests before the signature value, so that a changed document is reported
   * as such rather than as an invalid signature.
   */
  private static void verifyDigests(XMLSignature signature) throws SignatureRejection {
    SignedInfo signedInfo = signature.getSignedInfo();
    boolean matches;
    try {
      matches = signedInfo.verify(false);
    } catch (XMLSecurityException | RuntimeException e) {
      throw new SignatureRejection(
          RejectionReason.SIGNATURE_MALFORMED,
          "The digest of a Reference could not be computed"
              + cause(e)
              + ". Sign the document again with a standard XML Signature library.");
    }

    if (!matches) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_DIGEST_MISMATCH, digestMismatchDetail(signedInfo));
    }
  }

  private static String digestMismatchDetail(SignedInfo signedInfo) {
    try {
      for (int i = 0; i < signedInfo.getLength(); i++) {
        if (!signedInfo.getVerificationResult(i)) {
          return digestMismatchDetail(signedInfo.item(i));
        }
      }
    } catch (XMLSecurityException e) {
      // Santuario records a result for every reference it verified, so this is not expected.
    }
    return "The digest of a Reference did not match the content it covers, so the document was"
        + " changed after signing. Send the document exactly as it was signed.";
  }

  static String digestMismatchDetail(Reference reference) {
    String uri = "\"" + reference.getURI() + "\"";
    if (ReferenceTargetChecker.SIGNED_PROPERTIES_TYPE.equals(reference.getType())) {
      return "The digest of the Reference with URI "
          + uri
          + " did not match the XAdES SignedProperties, so they were changed after signing.";
    }
    return "The digest of the Reference with URI "
        + uri
        + " did not match the document, so the document was changed after signing. Whitespace"
        + " and line breaks count. Send the document exactly as it was signed.";
  }

  /**
   * Returns the first candidate whose public key verifies the signature value over the canonical
   * SignedInfo. The reference digests are verified before and apart from this, so they are not
   * computed again for every candidate. Each candidate gets a fresh {@code SignatureAlgorithm},
   * because a JDK {@code Signature} object that rejected a key of the wrong type stays unusable for
   * the next key.
   */
  static RegisteredSigner verifySignatureValue(
      XMLSignature signature, List<RegisteredSigner> candidates) throws SignatureRejection {
    SignedInfo signedInfo = signature.getSignedInfo();
    byte[] canonicalSignedInfo;
    byte[] value;
    try {
      canonicalSignedInfo = signedInfo.getCanonicalizedOctetStream();
      value = signature.getSignatureValue();
    } catch (XMLSecurityException | IOException | RuntimeException e) {
      throw new SignatureRejection(
          RejectionReason.SIGNATURE_MALFORMED,
          "SignedInfo or the SignatureValue could not be read"
              + cause(e)
              + ". Sign the document again with a standard XML Signature library.");
    }
    for (RegisteredSigner candidate : candidates) {
      if (checkSignatureValue(signedInfo, canonicalSignedInfo, value, candidate.certificate())) {
        return candidate;
      }
    }

    throw new SignatureRejection(
        RejectionReason.SIGNATURE_INVALID,
        "The SignatureValue (algorithm "
            + signedInfo.getSignatureMethodURI()
            + ") does not verify with "
            + describeCandidates(candidates)
            + ". Sign with the private key of a registered certificate, and do not change"
            + " SignedInfo after signing.");
  }

  private static boolean checkSignatureValue(
      SignedInfo signedInfo,
      byte[] canonicalSignedInfo,
      byte[] value,
      X509Certificate certificate) {
    try {
      SignatureAlgorithm algorithm =
          new SignatureAlgorithm(signedInfo.getSignatureMethodElement(), "", true);
      algorithm.initVerify(certificate.getPublicKey());
      algorithm.update(canonicalSignedInfo);
      return algorithm.verify(value);
    } catch (XMLSecurityException | RuntimeException e) {
      // A key that does not fit the algorithm, or a value of the wrong length, is a failure.
      return false;
    }
  }

  /**
   * Rejects a document signed by another partner than the one that sent it, so that a partner
   * cannot submit a document it received from someone else as its own.
   */
  static void bindToPartner(RegisteredSigner signer, String expectedPartnerId)
      throws SignatureRejection {
    if (expectedPartnerId != null && !signer.partnerId().equals(expectedPartnerId)) {
      throw new SignatureRejection(
          RejectionReason.SIGNER_NOT_PARTNER,
          "The document is signed with a certificate registered to partner '"
              + signer.partnerId()
              + "' ("
              + CertificateSummary.of(signer.certificate()).describe()
              + "), but it was sent by partner '"
              + expectedPartnerId
              + "'. Send only documents signed with a certificate registered to your own partner"
              + " account.");
    }
  }

  static VerifiedSignature verifiedSignature(
      XMLSignature signature, Reference reference, RegisteredSigner signer) {
    try {
      return new VerifiedSignature(
          FORMAT,
          signature.getSignedInfo().getSignatureMethodURI(),
          reference.getMessageDigestAlgorithm().getAlgorithmURI(),
          signer.certificate(),
          signer.partnerId(),
          signature.getSignatureValue(),
          null,
          List.of(),
          signer.revocationEvidence(),
          signer.chain());
    } catch (XMLSecurityException e) {
      // Unreachable after a successful verification, which read both values already.
      throw new IllegalStateException("Santuario failed to return values it verified", e);
    }
  }

  private static String describeCandidates(List<RegisteredSigner> candidates) {
    if (candidates.size() > 1) {
      return "any of the "
          + candidates.size()
          + " certificates registered to partner '"
          + candidates.getFirst().partnerId()
          + "'";
    }

    X509Certificate certificate = candidates.getFirst().certificate();
    return "the registered certificate ("
        + CertificateSummary.of(certificate).describe()
        + ", key algorithm "
        + certificate.getPublicKey().getAlgorithm()
        + ")";
  }

  /**
   * Returns Santuario's own message in brackets for a problem detail, without the nested
   * exception's message that Santuario appends after "Original Message was". Runtime exceptions
   * give nothing, because their messages describe Java internals rather than the signature.
   */
  static String cause(Exception e) {
    if (!(e instanceof XMLSecurityException) || e.getMessage() == null) {
      return "";
    }

    String summary = e.getMessage().lines().findFirst().orElse("");
    int nested = summary.indexOf("Original ");
    if (nested >= 0) {
      summary = summary.substring(0, nested);
    }
    summary = summary.strip();
    if (summary.length() > MAX_CAUSE_LENGTH) {
      summary = summary.substring(0, MAX_CAUSE_LENGTH) + "...";
    }
    return summary.isEmpty() ? "" : " (" + summary + ")";
  }
}
