package io.countersign.signature;

import io.countersign.partner.PartnerRegistry;
import io.countersign.signature.jws.JwsVerifier;
import io.countersign.signature.xml.XmlSignatureVerifier;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
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
  private JwsVerifier jwsVerifier;

  @PostConstruct
  void createVerifiers() {
    xmlVerifier = new XmlSignatureVerifier(clock);
    jwsVerifier = new JwsVerifier(clock);
  }

  /** Verifies an XML document with an enveloped signature, sent by {@code partnerId}. */
  public VerificationOutcome verifyXml(byte[] document, String partnerId) {
    return xmlVerifier.verify(document, partnerId, partners);
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
