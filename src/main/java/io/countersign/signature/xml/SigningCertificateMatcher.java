package io.countersign.signature.xml;

import static io.countersign.signature.xml.ReferenceTargetChecker.XADES_NAMESPACE;
import static io.countersign.signature.xml.XadesPropertiesChecker.invalid;
import static io.countersign.signature.xml.XadesPropertiesChecker.requireChild;

import io.countersign.platform.RejectionReason;
import io.countersign.trust.CertificateSummary;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import javax.security.auth.x500.X500Principal;
import org.apache.xml.security.algorithms.JCEMapper;
import org.apache.xml.security.utils.Constants;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.w3c.dom.Element;

/**
 * Finds the signer's entry in {@code xades:SigningCertificate} (XAdES 1.3.2) or {@code
 * xades:SigningCertificateV2} (ETSI EN 319 132-1) by its certificate digest, and checks the issuer
 * and serial number when the entry has them.
 */
final class SigningCertificateMatcher {

  /** The matched entry: its digest algorithm, and whether it carried an issuer and serial. */
  record Match(String digestAlgorithm, boolean issuerSerialChecked) {}

  private final XmlSignaturePolicy policy;

  SigningCertificateMatcher(XmlSignaturePolicy policy) {
    this.policy = policy;
  }

  Match match(Element signatureProperties, X509Certificate signer) throws SignatureRejection {
    Element signingCertificate = signingCertificate(signatureProperties);
    List<Element> entries = ChildElements.all(signingCertificate, XADES_NAMESPACE, "Cert");

    for (Element entry : entries) {
      Element certDigest = requireChild(entry, "CertDigest");
      String algorithm = digestAlgorithm(certDigest);
      if (MessageDigest.isEqual(digestValue(certDigest), digest(algorithm, signer))) {
        boolean issuerSerialChecked = checkIssuerSerial(entry, signer);
        return new Match(algorithm, issuerSerialChecked);
      }
    }

    throw new SignatureRejection(
        RejectionReason.XADES_SIGNING_CERTIFICATE_MISMATCH,
        "None of the "
            + entries.size()
            + " certificate digests in xades:"
            + signingCertificate.getLocalName()
            + " matches the registered certificate that verified the signature ("
            + CertificateSummary.of(signer).describe()
            + "). Name the certificate you signed with.");
  }

  /** Returns the one SigningCertificate or SigningCertificateV2 element, which XAdES-BES needs. */
  private static Element signingCertificate(Element signatureProperties) throws SignatureRejection {
    Element version1 =
        ChildElements.first(signatureProperties, XADES_NAMESPACE, "SigningCertificate");
    Element version2 =
        ChildElements.first(signatureProperties, XADES_NAMESPACE, "SigningCertificateV2");
    if (version1 != null && version2 != null) {
      throw invalid(
          "xades:SignedSignatureProperties contains both SigningCertificate and"
              + " SigningCertificateV2. Keep one.");
    }
    if (version1 == null && version2 == null) {
      throw invalid(
          "xades:SignedSignatureProperties contains no SigningCertificate or"
              + " SigningCertificateV2, which XAdES-BES requires. Add the signer certificate's"
              + " digest.");
    }
    return version1 != null ? version1 : version2;
  }

  private String digestAlgorithm(Element certDigest) throws SignatureRejection {
    Element method = ChildElements.first(certDigest, Constants.SignatureSpecNS, "DigestMethod");
    String algorithm = method == null ? "" : method.getAttributeNS(null, "Algorithm");
    if (!policy.certificateDigestAlgorithms().contains(algorithm)) {
      throw new SignatureRejection(
          RejectionReason.ALGORITHM_NOT_ALLOWED,
          "xades:CertDigest algorithm '"
              + algorithm
              + "' is not allowed. Use one of: "
              + String.join(", ", new TreeSet<>(policy.certificateDigestAlgorithms()))
              + ".");
    }
    return algorithm;
  }

  private static byte[] digestValue(Element certDigest) throws SignatureRejection {
    Element value = ChildElements.first(certDigest, Constants.SignatureSpecNS, "DigestValue");
    if (value == null) {
      throw invalid("xades:CertDigest has no ds:DigestValue.");
    }
    try {
      return Base64.getMimeDecoder().decode(value.getTextContent().strip());
    } catch (IllegalArgumentException e) {
      throw invalid("The ds:DigestValue of xades:CertDigest is not base64.");
    }
  }

  private static byte[] digest(String algorithm, X509Certificate certificate) {
    try {
      MessageDigest digest = MessageDigest.getInstance(JCEMapper.translateURItoJCEID(algorithm));
      return digest.digest(certificate.getEncoded());
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      // The policy allows only digests that every JDK has, and the certificate parsed before.
      throw new IllegalStateException("Failed to compute the " + algorithm + " digest", e);
    }
  }

  /** Returns whether the entry has an issuer and serial, after checking that they match. */
  private static boolean checkIssuerSerial(Element entry, X509Certificate signer)
      throws SignatureRejection {
    Element version1 = ChildElements.first(entry, XADES_NAMESPACE, "IssuerSerial");
    Element version2 = ChildElements.first(entry, XADES_NAMESPACE, "IssuerSerialV2");
    if (version1 != null) {
      checkIssuerSerial(signer, issuerOf(version1), serialOf(version1));
      return true;
    }
    if (version2 != null) {
      IssuerSerial issuerSerial = decodeIssuerSerialV2(version2);
      checkIssuerSerial(signer, issuerOf(issuerSerial), issuerSerial.getSerial().getValue());
      return true;
    }
    return false;
  }

  private static void checkIssuerSerial(
      X509Certificate signer, X500Principal issuer, BigInteger serial) throws SignatureRejection {
    if (!signer.getIssuerX500Principal().equals(issuer)
        || !signer.getSerialNumber().equals(serial)) {
      throw new SignatureRejection(
          RejectionReason.XADES_SIGNING_CERTIFICATE_MISMATCH,
          "The xades:SigningCertificate entry with the signer's digest names issuer '"
              + (issuer == null ? "none" : issuer.getName())
              + "' and serial number "
              + serial
              + ", but the signer certificate ("
              + CertificateSummary.of(signer).describe()
              + ") has issuer '"
              + signer.getIssuerX500Principal().getName()
              + "' and serial number "
              + signer.getSerialNumber()
              + ".");
    }
  }

  private static X500Principal issuerOf(Element issuerSerial) throws SignatureRejection {
    String name = requireText(issuerSerial, "X509IssuerName");
    try {
      return new X500Principal(name);
    } catch (IllegalArgumentException e) {
      throw invalid("ds:X509IssuerName '" + name + "' is not an RFC 4514 distinguished name.");
    }
  }

  private static BigInteger serialOf(Element issuerSerial) throws SignatureRejection {
    String serial = requireText(issuerSerial, "X509SerialNumber");
    try {
      return new BigInteger(serial);
    } catch (NumberFormatException e) {
      throw invalid("ds:X509SerialNumber '" + serial + "' is not a decimal integer.");
    }
  }

  private static String requireText(Element parent, String localName) throws SignatureRejection {
    Element child = ChildElements.first(parent, Constants.SignatureSpecNS, localName);
    if (child == null) {
      throw invalid("xades:IssuerSerial has no ds:" + localName + ".");
    }
    return child.getTextContent().strip();
  }

  /** Decodes the DER IssuerSerial of RFC 5035 that SigningCertificateV2 carries in base64. */
  private static IssuerSerial decodeIssuerSerialV2(Element element) throws SignatureRejection {
    try {
      byte[] der = Base64.getMimeDecoder().decode(element.getTextContent().strip());
      return IssuerSerial.getInstance(der);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw invalid("xades:IssuerSerialV2 is not a base64 DER IssuerSerial (RFC 5035).");
    }
  }

  /** Returns the directory name among the issuer's general names, or null if there is none. */
  private static X500Principal issuerOf(IssuerSerial issuerSerial) throws SignatureRejection {
    for (GeneralName name : issuerSerial.getIssuer().getNames()) {
      if (name.getTagNo() == GeneralName.directoryName) {
        try {
          return new X500Principal(X500Name.getInstance(name.getName()).getEncoded());
        } catch (IOException e) {
          throw invalid("xades:IssuerSerialV2 contains an issuer name that cannot be encoded.");
        }
      }
    }
    return null;
  }
}
