package io.countersign.signature.xml;

import static io.countersign.signature.xml.ReferenceTargetChecker.XADES_NAMESPACE;

import io.countersign.platform.RejectionReason;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.apache.xml.security.utils.Constants;
import org.w3c.dom.Element;

/**
 * Reads the XAdES signed properties of a signature whose value has verified (XAdES-BES and
 * XAdES-EPES, ETSI EN 319 132-1, namespace {@value ReferenceTargetChecker#XADES_NAMESPACE}).
 *
 * <p>It checks that the QualifyingProperties qualify this signature, and that the signing
 * certificate they name is the registered certificate that verified it, which stops a signer from
 * claiming another certificate with the same key. {@link ReferenceTargetChecker} has already
 * checked that the SignedProperties sit in this signature's own {@code ds:Object}. Unsigned
 * properties, such as signature timestamps, are not read.
 */
final class XadesPropertiesChecker {

  private final SigningCertificateMatcher matcher;

  XadesPropertiesChecker(XmlSignaturePolicy policy) {
    this.matcher = new SigningCertificateMatcher(policy);
  }

  XadesProperties check(Element signature, Element signedProperties, X509Certificate signer)
      throws SignatureRejection {
    requireTarget(signature, (Element) signedProperties.getParentNode());

    Element signatureProperties = requireChild(signedProperties, "SignedSignatureProperties");
    Instant signingTime = signingTime(signatureProperties);
    SigningCertificateMatcher.Match match = matcher.match(signatureProperties, signer);

    return new XadesProperties(
        signingTime,
        match.digestAlgorithm(),
        match.issuerSerialChecked(),
        policyId(signatureProperties));
  }

  /**
   * Requires {@code QualifyingProperties/@Target} to name this signature, so that properties copied
   * from another signature are not taken for this one's.
   */
  private static void requireTarget(Element signature, Element qualifyingProperties)
      throws SignatureRejection {
    String signatureId = signature.getAttributeNS(null, Constants._ATT_ID);
    String target = qualifyingProperties.getAttributeNS(null, "Target");
    if (signatureId.isEmpty() || !target.equals("#" + signatureId)) {
      throw invalid(
          "xades:QualifyingProperties has Target '"
              + target
              + "', but the Signature's Id is '"
              + signatureId
              + "'. Give the Signature an Id and set Target to '#' followed by it.");
    }
  }

  private static Instant signingTime(Element signatureProperties) throws SignatureRejection {
    Element element = ChildElements.first(signatureProperties, XADES_NAMESPACE, "SigningTime");
    if (element == null) {
      return null;
    }

    String text = element.getTextContent().strip();
    try {
      XMLGregorianCalendar time =
          DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(text);
      if (time.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
        throw invalid("xades:SigningTime '" + text + "' has no time zone. Add one, such as 'Z'.");
      }
      return time.toGregorianCalendar().toInstant();
    } catch (IllegalArgumentException e) {
      throw invalid("xades:SigningTime '" + text + "' is not an xsd:dateTime.");
    }
  }

  /** Returns the identifier of an explicit signature policy (XAdES-EPES), or null. */
  private static String policyId(Element signatureProperties) {
    Element identifier =
        ChildElements.first(
            ChildElements.first(
                ChildElements.first(
                    ChildElements.first(
                        signatureProperties, XADES_NAMESPACE, "SignaturePolicyIdentifier"),
                    XADES_NAMESPACE,
                    "SignaturePolicyId"),
                XADES_NAMESPACE,
                "SigPolicyId"),
            XADES_NAMESPACE,
            "Identifier");
    return identifier == null ? null : identifier.getTextContent().strip();
  }

  static Element requireChild(Element parent, String localName) throws SignatureRejection {
    Element child = ChildElements.first(parent, XADES_NAMESPACE, localName);
    if (child == null) {
      throw invalid(
          ElementNames.path(parent)
              + " has no xades:"
              + localName
              + " element, which is required.");
    }
    return child;
  }

  static SignatureRejection invalid(String problem) {
    return new SignatureRejection(RejectionReason.XADES_PROPERTIES_INVALID, problem);
  }
}
