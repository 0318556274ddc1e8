package io.countersign.partner;

import io.countersign.trust.TrustAnchorSet;
import java.time.Instant;

/**
 * A partner's signing CA with the subject that its signing certificates carry, so that a partner
 * can renew signing certificates without a new registration.
 *
 * @param notBefore start of the registration window, or {@code null} for none
 * @param notAfter end of the registration window, or {@code null} for none
 */
public record SigningAnchor(TrustAnchorSet anchors, Instant notBefore, Instant notAfter) {}
