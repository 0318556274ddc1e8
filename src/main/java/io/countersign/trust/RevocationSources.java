package io.countersign.trust;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The http URLs of the OCSP responders and CRL distribution points that a certificate names. Other
 * schemes, such as ldap, are left out.
 */
record RevocationSources(List<URI> ocspResponders, List<URI> crlDistributionPoints) {

  static RevocationSources of(X509Certificate certificate) {
    return new RevocationSources(ocspResponders(certificate), crlDistributionPoints(certificate));
  }

  boolean isEmpty() {
    return ocspResponders.isEmpty() && crlDistributionPoints.isEmpty();
  }

  /**
   * Reads the id-ad-ocsp access descriptions of the authority information access (RFC 5280
   * 4.2.2.1).
   */
  private static List<URI> ocspResponders(X509Certificate certificate) {
    ASN1Primitive value = extension(certificate, Extension.authorityInfoAccess.getId());
    if (value == null) {
      return List.of();
    }
    List<URI> responders = new ArrayList<>();
    for (AccessDescription access :
        AuthorityInformationAccess.getInstance(value).getAccessDescriptions()) {
      if (access.getAccessMethod().equals(X509ObjectIdentifiers.ocspAccessMethod)) {
        addHttpUri(access.getAccessLocation(), responders);
      }
    }
    return List.copyOf(responders);
  }

  /**
   * Reads the full names of the CRL distribution points (RFC 5280 4.2.1.13). Points with a reasons
   * field or a cRLIssuer are left out, because their CRLs cover only some reasons or are issued by
   * another CA, which this checker does not support.
   */
  private static List<URI> crlDistributionPoints(X509Certificate certificate) {
    ASN1Primitive value = extension(certificate, Extension.cRLDistributionPoints.getId());
    if (value == null) {
      return List.of();
    }
    List<URI> points = new ArrayList<>();
    for (DistributionPoint point : CRLDistPoint.getInstance(value).getDistributionPoints()) {
      DistributionPointName name = point.getDistributionPoint();
      boolean complete = point.getReasons() == null && point.getCRLIssuer() == null;
      if (complete && name != null && name.getType() == DistributionPointName.FULL_NAME) {
        for (GeneralName fullName : GeneralNames.getInstance(name.getName()).getNames()) {
          addHttpUri(fullName, points);
        }
      }
    }
    return List.copyOf(points);
  }

  private static void addHttpUri(GeneralName name, List<URI> uris) {
    if (name.getTagNo() != GeneralName.uniformResourceIdentifier) {
      return;
    }
    try {
      URI uri = new URI(name.getName().toString());
      if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
        uris.add(uri);
      }
    } catch (URISyntaxException e) {
      // A malformed URL cannot be fetched; the other sources may still be usable.
    }
  }

  private static ASN1Primitive extension(X509Certificate certificate, String oid) {
    byte[] encoded = certificate.getExtensionValue(oid);
    if (encoded == null) {
      return null;
    }
    try {
      return JcaX509ExtensionUtils.parseExtensionValue(encoded);
    } catch (IOException e) {
      // The JDK already parsed the certificate, so only this extension's content is malformed.
      return null;
    }
  }
}
