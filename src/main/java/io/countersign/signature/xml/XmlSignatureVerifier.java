package io.countersign.signature.xml;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.VerifiedSignature;
import io.countersign.trust.CertificateSummary;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.apache.xml.security.Init;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Verifies an enveloped XML Signature over a whole partner document.
 *
 * <p>A {@code Verified} outcome guarantees that:
 *
 * <ul>
 *   <li>the document is well-formed, has no DOCTYPE and nests at most 100 elements deep,
 *   <li>it contains exactly one {@code ds:Signature}, a direct child of the document element,
 *   <li>SignedInfo uses only algorithms that the {@link XmlSignaturePolicy} allows,
 *   <li>its one reference has URI {@code ""} with the enveloped-signature transform first and
 *       canonicalizations after it, so it covers the whole document except the signature,
 *   <li>the reference digest and the signature value verify with the public key of a certificate
 *       registered in the {@link SignerDirectory},
 *   <li>certificate and registration are valid at the clock's instant,
 *   <li>and the registration belongs to the expected partner.
 * </ul>
 *
 * <p>Comments are not covered, because XML Signature removes them when it dereferences the URI
 * {@code ""}, so they may change after signing.
 *
 * <p>It trusts the directory and nothing in the signature: KeyInfo certificates only select a
 * registration, and nothing is fetched. It does not build or check a certificate path to a CA,
 * because registration is what makes a signer trusted here. Instances are thread-safe.
 */
public final class XmlSignatureVerifier {

  static {
    Init.init();
  }

  private static final String FORMAT = "xmldsig-enveloped";
  private static final int MAX_CAUSE_LENGTH = 200;

  private final Clock clock;
  private final SignedInfoChecker signedInfoChecker;

  /** Creates a verifier with {@link XmlSignaturePolicy#defaults()}. */
  public XmlSignatureVerifier(Clock clock) {
    this(clock, XmlSignaturePolicy.defaults());
  }

  public XmlSignatureVerifier(Clock clock, XmlSignaturePolicy policy) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.signedInfoChecker = new SignedInfoChecker(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Verifies the document's signature and checks that a signer registered to {@code
   * expectedPartnerId} made it. Every bad or hostile input ends as a {@code Rejected} outcome.
   */
  public VerificationOutcome verify(
      byte[] document, String expectedPartnerId, SignerDirectory directory) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(expectedPartnerId, "expectedPartnerId");
    Objects.requireNonNull(directory, "directory");

    try {
      Document dom = parse(document);
      Element signatureElement = EnvelopedSignatureLocator.locate(dom);
      signedInfoChecker.checkAlgorithms(signatureElement);

      XMLSignature signature = readSignature(signatureElement);
      Reference reference = signedInfoChecker.checkReference(signature);
      List<RegisteredSigner> candidates =
          RegisteredSignerSelector.select(signature, expectedPartnerId, directory);

      verifyDigest(signature);
      RegisteredSigner signer = verifySignatureValue(signatureElement, candidates);
      SignerValidity.check(signer, clock.instant());
      bindToPartner(signer, expectedPartnerId);

      return new VerificationOutcome.Verified(verifiedSignature(signature, reference, signer));
    } catch (SignatureRejection e) {
      return new VerificationOutcome.Rejected(e.rejection());
    }
  }

  private static Document parse(byte[] document) throws SignatureRejection {
    try {
      return HardenedXmlParser.parse(document);
    } catch (SAXException e) {
      if (HardenedXmlParser.declaresDoctype(document)) {
        throw new SignatureRejection(
            RejectionReason.DOCUMENT_DTD_FORBIDDEN,
            "The document contains a DOCTYPE declaration. Remove it, because DTDs and entity"
                + " declarations are not accepted.");
      }
      if (exceedsParserLimit(e)) {
        throw new SignatureRejection(
            RejectionReason.DOCUMENT_MALFORMED,
            "The document exceeds a limit of the XML parser"
                + position(e)
                + ": "
                + e.getMessage()
                + " Send the document with less nesting, fewer attributes or shorter names.");
      }
      throw new SignatureRejection(
          RejectionReason.DOCUMENT_MALFORMED,
          "The document is not well-formed XML" + position(e) + ". Send well-formed XML.");
    }
  }

  /**
   * Returns whether the JDK parser stopped at one of its processing limits (depth, attributes, name
   * length, entity sizes). Those messages start with a JAXP code such as JAXP00010006 and name the
   * limit.
   */
  private static boolean exceedsParserLimit(SAXException e) {
    return e.getMessage() != null && e.getMessage().startsWith("JAXP0001");
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

  /** Reads the signature with Santuario's secure validation, which limits references. */
  private static XMLSignature readSignature(Element signatureElement) throws SignatureRejection {
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
   * Checks the reference digest before the signature value, so that a changed document is reported
   * as such rather than as an invalid signature.
   */
  private static void verifyDigest(XMLSignature signature) throws SignatureRejection {
    boolean matches;
    try {
      matches = signature.getSignedInfo().verify(false);
    } catch (XMLSecurityException | RuntimeException e) {
      throw new SignatureRejection(
          RejectionReason.SIGNATURE_MALFORMED,
          "The digest of the Reference with URI \"\" could not be computed"
              + cause(e)
              + ". Sign the document again with a standard XML Signature library.");
    }

    if (!matches) {
      throw new SignatureRejection(
          RejectionReason.REFERENCE_DIGEST_MISMATCH,
          "The digest of the Reference with URI \"\" does not match the document, so the document"
              + " was changed after signing. Whitespace and line breaks count. Send the document"
              + " exactly as it was signed.");
    }
  }

  /**
   * Returns the first candidate whose public key verifies the signature value. Each candidate gets
   * a freshly read signature, because a JDK {@code Signature} object that rejected a key of the
   * wrong type stays unusable for the next key.
   */
  private static RegisteredSigner verifySignatureValue(
      Element signatureElement, List<RegisteredSigner> candidates) throws SignatureRejection {
    String algorithm = "";
    for (RegisteredSigner candidate : candidates) {
      XMLSignature signature = readSignature(signatureElement);
      algorithm = signature.getSignedInfo().getSignatureMethodURI();
      if (checkSignatureValue(signature, candidate.certificate())) {
        return candidate;
      }
    }

    throw new SignatureRejection(
        RejectionReason.SIGNATURE_INVALID,
        "The SignatureValue (algorithm "
            + algorithm
            + ") does not verify with "
            + describeCandidates(candidates)
            + ". Sign with the private key of a registered certificate, and do not change"
            + " SignedInfo after signing.");
  }

  private static boolean checkSignatureValue(XMLSignature signature, X509Certificate certificate) {
    try {
      return signature.checkSignatureValue(certificate);
    } catch (XMLSecurityException | RuntimeException e) {
      // A key that does not fit the algorithm, or a value of the wrong length, is a failure.
      return false;
    }
  }

  /**
   * Rejects a document signed by another partner than the one that sent it, so that a partner
   * cannot submit a document it received from someone else as its own.
   */
  private static void bindToPartner(RegisteredSigner signer, String expectedPartnerId)
      throws SignatureRejection {
    if (!signer.partnerId().equals(expectedPartnerId)) {
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

  private static VerifiedSignature verifiedSignature(
      XMLSignature signature, Reference reference, RegisteredSigner signer) {
    try {
      return new VerifiedSignature(
          FORMAT,
          signature.getSignedInfo().getSignatureMethodURI(),
          reference.getMessageDigestAlgorithm().getAlgorithmURI(),
          signer.certificate(),
          signer.partnerId(),
          signature.getSignatureValue());
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
  private static String cause(Exception e) {
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
