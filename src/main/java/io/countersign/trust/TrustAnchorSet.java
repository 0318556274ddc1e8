package io.countersign.trust;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * One partner's registration for path validation: the CA certificates its paths must end at, an
 * optional subject that its certificate must have, and intermediate CA certificates to build paths
 * with when a signature or handshake does not carry them.
 *
 * <p>Pass only the anchors of the partner that the certificate claims to belong to: a path to
 * another partner's anchor must not count.
 *
 * @param anchors the partner's CA certificates; at least one
 * @param requiredSubject the exact subject the validated certificate must have, compared with
 *     {@link X500Principal#equals}, which compares the canonical RFC 2253 forms
 * @param registeredIntermediates intermediate CA certificates registered for the partner
 */
public record TrustAnchorSet(
    List<X509Certificate> anchors,
    Optional<X500Principal> requiredSubject,
    List<X509Certificate> registeredIntermediates) {

  public TrustAnchorSet {
    anchors = List.copyOf(anchors);
    Objects.requireNonNull(requiredSubject, "requiredSubject");
    registeredIntermediates = List.copyOf(registeredIntermediates);
    if (anchors.isEmpty()) {
      throw new IllegalArgumentException("A trust anchor set needs at least one CA certificate");
    }
    for (X509Certificate anchor : anchors) {
      requireAuthority(anchor);
    }
  }

  /** Creates a set of anchors with no required subject and no registered intermediates. */
  public static TrustAnchorSet of(List<X509Certificate> anchors) {
    return new TrustAnchorSet(anchors, Optional.empty(), List.of());
  }

  /** Returns a copy that accepts only certificates with exactly this subject. */
  public TrustAnchorSet withRequiredSubject(X500Principal subject) {
    return new TrustAnchorSet(anchors, Optional.of(subject), registeredIntermediates);
  }

  /** Returns a copy with these registered intermediate CA certificates. */
  public TrustAnchorSet withRegisteredIntermediates(List<X509Certificate> intermediates) {
    return new TrustAnchorSet(anchors, requiredSubject, intermediates);
  }

  Set<TrustAnchor> trustAnchors() {
    return anchors.stream()
        .map(anchor -> new TrustAnchor(anchor, null))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static void requireAuthority(X509Certificate anchor) {
    // RFC 5280 4.2.1.9: only a certificate with cA TRUE in basic constraints may issue others.
    if (anchor.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "Trust anchor is not a CA certificate: " + CertificateSummary.of(anchor).describe());
    }
  }
}
