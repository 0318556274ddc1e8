package io.countersign.signature.xml;

import io.countersign.signature.VerificationOutcome;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link XmlSignatureVerifier#verifyWithDetails} and what XML Signature adds to it.
 * The XAdES properties live here rather than in {@code VerifiedSignature}, so that the shared
 * outcome type stays the same for every signature format.
 *
 * @param outcome the same outcome that {@link XmlSignatureVerifier#verify} returns
 * @param xadesProperties the XAdES signed properties if the outcome is {@code Verified} and the
 *     signature is a XAdES signature, and empty otherwise
 */
public record XmlVerificationDetails(
    VerificationOutcome outcome, Optional<XadesProperties> xadesProperties) {

  public XmlVerificationDetails {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(xadesProperties, "xadesProperties");
    if (outcome instanceof VerificationOutcome.Rejected && xadesProperties.isPresent()) {
      throw new IllegalArgumentException("A rejected outcome has no XAdES properties");
    }
  }
}
