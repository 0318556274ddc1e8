package io.countersign.signature;

import io.countersign.partner.PartnerRegistry;
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
 * registered signing certificate (never with a certificate the document carries), it covers the
 * whole document, its algorithms are on the allow list, and the signer is the partner that the
 * TLS client identity belongs to.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SignatureService {

  @Inject PartnerRegistry partners;
  @Inject Clock clock;

  private XmlSignatureVerifier xmlVerifier;

  @PostConstruct
  void createVerifiers() {
    xmlVerifier = new XmlSignatureVerifier(clock);
  }

  /** Verifies an XML document with an enveloped signature, sent by {@code partnerId}. */
  public VerificationOutcome verifyXml(byte[] document, String partnerId) {
    return xmlVerifier.verify(document, partnerId, partners);
  }
}
