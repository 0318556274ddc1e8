package io.countersign.signature.xml;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.w3c.dom.Element;

/**
 * Reads an ECDSA public key in the RFC 4050 {@code ECDSAKeyValue} form (a named curve and decimal X
 * and Y), which the W3C XML Signature 1.1 interop examples use and Santuario 4.0.4 does not read.
 */
final class Rfc4050KeyValue {

  private static final String NAMESPACE = "http://www.w3.org/2001/04/xmldsig-more#";
  private static final String OID_URN_PREFIX = "urn:oid:";

  private Rfc4050KeyValue() {}

  /** Returns the key of the first ECDSAKeyValue under the element, or null if it has none. */
  static PublicKey read(Element signature) {
    Element keyValue =
        (Element) signature.getElementsByTagNameNS(NAMESPACE, "ECDSAKeyValue").item(0);
    if (keyValue == null) {
      return null;
    }

    try {
      Element curve = (Element) keyValue.getElementsByTagNameNS(NAMESPACE, "NamedCurve").item(0);
      String oid = curve.getAttributeNS(null, "URN").substring(OID_URN_PREFIX.length());
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(oid));

      ECPoint point = new ECPoint(coordinate(keyValue, "X"), coordinate(keyValue, "Y"));
      ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private static BigInteger coordinate(Element keyValue, String name) {
    Element element = (Element) keyValue.getElementsByTagNameNS(NAMESPACE, name).item(0);
    return new BigInteger(element.getAttributeNS(null, "Value"));
  }
}
