package io.countersign.signature;

import io.countersign.partner.PartnerRegistry;
import io.countersign.signature.jws.JwsVerifier;
import io.countersign.signature.xml.StreamingXmlSignatureVerifier;
import io.countersign.signature.xml.XmlDocumentLimits;
import io.countersign.signature.xml.XmlSignaturePolicy;
import io.countersign.signature.xml.XmlSignatureVerifier;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Verifies the signatures of received documents against the registered partners.
 *
 * <p>Guarantees of a {@link VerificationOutcome.Verified} outcome: the signature verifies with a
 * registered signing certificate or HMAC key (never with a key the document carries), it covers
 * the whole document or JWS payload, its algorithms are on the partner's allow list, and the
 * signer is the partner that the client identity belongs to.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SignatureService {

  @Inject PartnerRegistry partners;
  @Inject Clock clock;

  private XmlSignatureVerifier xmlVerifier;
  private StreamingXmlSignatureVerifier streamingXmlVerifier;
  private JwsVerifier jwsVerifier;

  @PostConstruct
  void createVerifiers() {
    xmlVerifier = new XmlSignatureVerifier(clock, XmlSignaturePolicy.defaults(), intakeLimits());
    streamingXmlVerifier =
        new StreamingXmlSignatureVerifier(clock, XmlSignaturePolicy.defaults(), intakeLimits());
    jwsVerifier = new JwsVerifier(clock);
  }

  /**
   * Returns the limits for XML documents: the default limits on shape, but no size limit of their
   * own. The intake has already bounded the body while it read it: by the partner's
   * maxDocumentBytes, and by the streaming threshold for a document kept in memory.
   */
  private static XmlDocumentLimits intakeLimits() {
    XmlDocumentLimits defaults = XmlDocumentLimits.defaults();
    return new XmlDocumentLimits(
        Long.MAX_VALUE,
        defaults.maxElementDepth(),
        defaults.maxAttributesPerElement(),
        defaults.maxReferences());
  }

  /** Verifies an XML document with an enveloped signature, sent by {@code partnerId}. */
  public VerificationOutcome verifyXml(byte[] document, String partnerId) {
    return xmlVerifier.verify(document, partnerId, partners);
  }

  /**
   * Verifies an XML document kept in a file, sent by {@code partnerId}, under the same policy as
   * {@link #verifyXml(byte[], String)} but without reading the whole file into memory.
   */
  public VerificationOutcome verifyXml(Path document, String partnerId) {
    return streamingXmlVerifier.verify(document, partnerId, partners);
  }

  /** Verifies a JWS in compact serialization under the partner's JWS policy. */
  public VerificationOutcome verifyJwsCompact(byte[] body, String partnerId) {
    return jwsVerifier.verifyCompact(body, partnerId, partners, partners.jwsPolicyOf(partnerId));
  }

  /** Verifies a JWS in flattened or general JSON serialization under the partner's JWS policy. */
  public VerificationOutcome verifyJwsJson(byte[] body, String partnerId) {
    return jwsVerifier.verifyJson(body, partnerId, partners, partners.jwsPolicyOf(partnerId));
  }

  /** Verifies a detached JWS over the exact body bytes under the partner's JWS policy. */
  public VerificationOutcome verifyJwsDetached(byte[] body, String detachedJws, String partnerId) {
    return jwsVerifier.verifyDetached(
        body, detachedJws, partnerId, partners, partners.jwsPolicyOf(partnerId));
  }
}
