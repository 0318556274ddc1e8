package io.countersign.signature.xml;

import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.function.Consumer;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.ObjectContainer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.transforms.params.InclusiveNamespaces;
import org.apache.xml.security.utils.Constants;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs documents with Santuario directly, with choices that {@link XmlDocumentSigner} does not
 * offer: the canonicalization, a reference by the ID of the document element, and XAdES-BES or
 * XAdES-EPES signed properties. Each method returns a changed copy.
 */
final class EnvelopedSignatureBuilder {

  static final String SIGNATURE_ID = "Signature-1";
  static final String SIGNED_PROPERTIES_ID = "SignedProperties-1";
  static final String XADES = ReferenceTargetChecker.XADES_NAMESPACE;

  private static final String SHA256 = MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256;

  private final IssuedCertificate signer;
  private String canonicalization = Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS;
  private String rootId;
  private boolean xades;
  private IssuedCertificate xadesCertificate;
  private boolean signingCertificateV2;
  private String signingTime = TestPki.NOW.toString();
  private String inclusivePrefixes;
  private String policyId;
  private Consumer<Element> signedPropertiesEdit = element -> {};

  private EnvelopedSignatureBuilder(IssuedCertificate signer) {
    this.signer = signer;
    this.xadesCertificate = signer;
  }

  static EnvelopedSignatureBuilder signedBy(IssuedCertificate signer) {
    return new EnvelopedSignatureBuilder(signer);
  }

  EnvelopedSignatureBuilder canonicalization(String uri) {
    return copy(builder -> builder.canonicalization = uri);
  }

  /** Gives the document element this Id and references it by {@code #id} instead of {@code ""}. */
  /** Lists prefixes for the InclusiveNamespaces parameter of exclusive canonicalization. */
  EnvelopedSignatureBuilder inclusivePrefixes(String prefixes) {
    return copy(builder -> builder.inclusivePrefixes = prefixes);
  }

  EnvelopedSignatureBuilder rootId(String id) {
    return copy(builder -> builder.rootId = id);
  }

  /** Adds XAdES-BES signed properties with a SigningCertificate (version 1) of the signer. */
  EnvelopedSignatureBuilder xades() {
    return copy(builder -> builder.xades = true);
  }

  EnvelopedSignatureBuilder signingCertificateV2() {
    return xades().copy(builder -> builder.signingCertificateV2 = true);
  }

  /** Names another certificate in the XAdES SigningCertificate than the one that signs. */
  EnvelopedSignatureBuilder signingCertificateOf(IssuedCertificate certificate) {
    return xades().copy(builder -> builder.xadesCertificate = certificate);
  }

  EnvelopedSignatureBuilder signingTime(String time) {
    return xades().copy(builder -> builder.signingTime = time);
  }

  /** Adds an explicit signature policy, which makes the signature XAdES-EPES. */
  EnvelopedSignatureBuilder policy(String identifier) {
    return xades().copy(builder -> builder.policyId = identifier);
  }

  /** Changes the SignedSignatureProperties element before signing. */
  EnvelopedSignatureBuilder editSignedProperties(Consumer<Element> edit) {
    return xades().copy(builder -> builder.signedPropertiesEdit = edit);
  }

  private EnvelopedSignatureBuilder copy(Consumer<EnvelopedSignatureBuilder> change) {
    EnvelopedSignatureBuilder copy = new EnvelopedSignatureBuilder(signer);
    copy.canonicalization = canonicalization;
    copy.rootId = rootId;
    copy.xades = xades;
    copy.xadesCertificate = xadesCertificate;
    copy.signingCertificateV2 = signingCertificateV2;
    copy.signingTime = signingTime;
    copy.policyId = policyId;
    copy.signedPropertiesEdit = signedPropertiesEdit;
    copy.inclusivePrefixes = inclusivePrefixes;
    change.accept(copy);
    return copy;
  }

  byte[] sign(byte[] document) {
    try {
      Document dom = HardenedXmlParser.parse(document);
      Element root = dom.getDocumentElement();
      if (rootId != null) {
        root.setAttributeNS(null, "Id", rootId);
        root.setIdAttributeNS(null, "Id", true);
      }

      XMLSignature signature = new XMLSignature(dom, "", signatureAlgorithm(), canonicalization);
      signature.setId(SIGNATURE_ID);
      root.appendChild(signature.getElement());
      signature.addDocument(rootId == null ? "" : "#" + rootId, documentTransforms(dom), SHA256);
      if (xades) {
        addSignedProperties(dom, signature);
      }
      signature.addKeyInfo(signer.certificate());

      signature.sign(signer.keyPair().getPrivate());
      return TestDocuments.serialize(dom);
    } catch (Exception e) {
      throw new IllegalStateException("Failed to sign the test document", e);
    }
  }

  private String signatureAlgorithm() {
    return signer.keyPair().getPrivate().getAlgorithm().equals("RSA")
        ? XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256
        : XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256;
  }

  private Transforms documentTransforms(Document dom) throws Exception {
    Transforms transforms = new Transforms(dom);
    transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
    if (inclusivePrefixes == null) {
      transforms.addTransform(canonicalization);
    } else {
      transforms.addTransform(
          canonicalization, new InclusiveNamespaces(dom, inclusivePrefixes).getElement());
    }
    return transforms;
  }

  private void addSignedProperties(Document dom, XMLSignature signature) throws Exception {
    Element qualifying = dom.createElementNS(XADES, "xades:QualifyingProperties");
    qualifying.setAttributeNS(null, "Target", "#" + SIGNATURE_ID);
    Element signedProperties = append(qualifying, "SignedProperties");
    signedProperties.setAttributeNS(null, "Id", SIGNED_PROPERTIES_ID);
    signedProperties.setIdAttributeNS(null, "Id", true);

    Element signatureProperties = append(signedProperties, "SignedSignatureProperties");
    append(signatureProperties, "SigningTime").setTextContent(signingTime);
    appendSigningCertificate(signatureProperties, xadesCertificate.certificate());
    if (policyId != null) {
      appendPolicy(signatureProperties);
    }
    signedPropertiesEdit.accept(signatureProperties);

    ObjectContainer object = new ObjectContainer(dom);
    object.appendChild(qualifying);
    signature.appendObject(object);

    Transforms transforms = new Transforms(dom);
    transforms.addTransform(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
    signature.addDocument(
        "#" + SIGNED_PROPERTIES_ID,
        transforms,
        SHA256,
        null,
        ReferenceTargetChecker.SIGNED_PROPERTIES_TYPE);
  }

  private void appendSigningCertificate(Element parent, X509Certificate certificate)
      throws Exception {
    Element signingCertificate =
        append(parent, signingCertificateV2 ? "SigningCertificateV2" : "SigningCertificate");
    Element cert = append(signingCertificate, "Cert");
    appendDigest(append(cert, "CertDigest"), certificate.getEncoded());

    if (signingCertificateV2) {
      append(cert, "IssuerSerialV2").setTextContent(issuerSerialV2(certificate));
    } else {
      Element issuerSerial = append(cert, "IssuerSerial");
      appendSignatureElement(issuerSerial, "X509IssuerName")
          .setTextContent(certificate.getIssuerX500Principal().getName());
      appendSignatureElement(issuerSerial, "X509SerialNumber")
          .setTextContent(certificate.getSerialNumber().toString());
    }
  }

  private void appendPolicy(Element parent) throws Exception {
    Element policy = append(append(parent, "SignaturePolicyIdentifier"), "SignaturePolicyId");
    append(append(policy, "SigPolicyId"), "Identifier").setTextContent(policyId);
    appendDigest(append(policy, "SigPolicyHash"), policyId.getBytes());
  }

  private static void appendDigest(Element parent, byte[] content) throws Exception {
    appendSignatureElement(parent, "DigestMethod").setAttributeNS(null, "Algorithm", SHA256);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
    appendSignatureElement(parent, "DigestValue")
        .setTextContent(Base64.getEncoder().encodeToString(digest));
  }

  private static String issuerSerialV2(X509Certificate certificate) throws Exception {
    X500Name issuer = X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
    BigInteger serial = certificate.getSerialNumber();
    IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(issuer)), serial);
    return Base64.getEncoder().encodeToString(issuerSerial.getEncoded());
  }

  private static Element append(Element parent, String localName) {
    Element child = parent.getOwnerDocument().createElementNS(XADES, "xades:" + localName);
    parent.appendChild(child);
    return child;
  }

  private static Element appendSignatureElement(Element parent, String localName) {
    Element child =
        parent.getOwnerDocument().createElementNS(Constants.SignatureSpecNS, "ds:" + localName);
    parent.appendChild(child);
    return child;
  }
}
