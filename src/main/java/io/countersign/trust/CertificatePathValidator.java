package io.countersign.trust;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Validates a partner's certificate: a path to one of the partner's trust anchors, the subject it
 * registered, the key usage for the role, and the revocation status of every certificate on the
 * path.
 *
 * <p>Guarantees: a {@link PathValidation.Valid} means that the JDK's PKIX implementation (RFC 5280
 * 6.1) built and validated a path from the certificate to one of the given anchors at the given
 * instant, checking signatures, validity, basic constraints and path length, CA key usage and name
 * chaining; that the anchor itself is valid then; that the certificate has the required subject, if
 * any, and the key usage for its role; and that the revocation policy accepted the status of each
 * certificate on the path. Certificates passed as hints are only candidates for the path and are
 * never trusted on their own. A rejected certificate is returned as {@link PathValidation.Invalid}.
 * Exceptions signal only null arguments or a JDK without PKIX support. Thread-safe.
 */
public final class CertificatePathValidator {

  private final RevocationChecker revocationChecker;

  public CertificatePathValidator(RevocationChecker revocationChecker) {
    this.revocationChecker = Objects.requireNonNull(revocationChecker, "revocationChecker");
  }

  /**
   * Validates {@code leaf} for {@code role} against the partner's {@code anchors} at {@code at}.
   *
   * @param hintedIntermediates intermediate CA certificates that came with the certificate, for
   *     example from a signature's KeyInfo or x5c; may be empty
   */
  public PathValidation validate(
      X509Certificate leaf,
      List<X509Certificate> hintedIntermediates,
      TrustAnchorSet anchors,
      CertificateRole role,
      Instant at,
      RevocationPolicy policy) {
    Objects.requireNonNull(leaf, "leaf");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(policy, "policy");
    List<X509Certificate> candidates = candidates(hintedIntermediates, anchors);

    PKIXCertPathBuilderResult built;
    try {
      built = build(leaf, candidates, anchors, at);
    } catch (CertPathBuilderException e) {
      return PathDiagnosis.diagnose(leaf, candidates, anchors.trustAnchors(), at, e.getMessage());
    }
    X509Certificate anchor = built.getTrustAnchor().getTrustedCert();

    Optional<PathValidation.Invalid> invalid =
        checkAnchorValidity(anchor, at)
            .or(() -> checkAnchorPathLength(anchor, built.getCertPath()))
            .or(() -> checkSubject(leaf, anchors.requiredSubject()))
            .or(() -> checkRole(leaf, role));
    if (invalid.isPresent()) {
      return invalid.get();
    }

    return checkRevocation(built, anchor, at, policy);
  }

  private static List<X509Certificate> candidates(
      List<X509Certificate> hintedIntermediates, TrustAnchorSet anchors) {
    Set<X509Certificate> candidates = new LinkedHashSet<>(anchors.registeredIntermediates());
    candidates.addAll(hintedIntermediates);
    return List.copyOf(candidates);
  }

  /**
   * Builds and validates a path with the JDK's PKIX builder. Revocation is left to {@link
   * RevocationChecker}, so that its evidence can be kept.
   */
  private static PKIXCertPathBuilderResult build(
      X509Certificate leaf, List<X509Certificate> candidates, TrustAnchorSet anchors, Instant at)
      throws CertPathBuilderException {
    X509CertSelector target = new X509CertSelector();
    target.setCertificate(leaf);
    List<X509Certificate> store = new ArrayList<>(candidates);
    store.add(leaf);

    try {
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors.trustAnchors(), target);
      parameters.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
      parameters.setDate(Date.from(at));
      parameters.setRevocationEnabled(false);
      return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
    } catch (InvalidAlgorithmParameterException e) {
      throw new IllegalArgumentException("Invalid PKIX parameters: " + e.getMessage(), e);
    } catch (CertPathBuilderException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PKIX path building is not available", e);
    }
  }

  /**
   * Requires the anchor to be valid at {@code at}. RFC 5280 6.1.1 does not check an anchor's
   * validity, but an expired registered CA means the partner's registration is out of date.
   */
  private static Optional<PathValidation.Invalid> checkAnchorValidity(
      X509Certificate anchor, Instant at) {
    String described = CertificateSummary.of(anchor).describe();
    if (at.isAfter(anchor.getNotAfter().toInstant())) {
      return Optional.of(
          new PathValidation.Invalid(
              PathFailure.EXPIRED,
              "The trust anchor ("
                  + described
                  + ") expired at "
                  + anchor.getNotAfter().toInstant()
                  + ". The partner must register its current CA certificate."));
    }
    if (at.isBefore(anchor.getNotBefore().toInstant())) {
      return Optional.of(
          new PathValidation.Invalid(
              PathFailure.NOT_YET_VALID,
              "The trust anchor ("
                  + described
                  + ") is valid only from "
                  + anchor.getNotBefore().toInstant()
                  + "."));
    }
    return Optional.empty();
  }

  /**
   * Requires the path to respect the anchor's path length constraint. RFC 5280 6.1.1 (d) takes only
   * the anchor's name and key, so the JDK ignores its basic constraints, but a partner CA that
   * limits its path length means it. Self-issued intermediates do not count (RFC 5280 4.2.1.9).
   */
  private static Optional<PathValidation.Invalid> checkAnchorPathLength(
      X509Certificate anchor, CertPath path) {
    long intermediates =
        path.getCertificates().stream()
            .skip(1)
            .map(X509Certificate.class::cast)
            .filter(c -> !c.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
            .count();
    if (intermediates <= anchor.getBasicConstraints()) {
      return Optional.empty();
    }
    return Optional.of(
        new PathValidation.Invalid(
            PathFailure.BASIC_CONSTRAINTS_VIOLATED,
            "The trust anchor ("
                + CertificateSummary.of(anchor).describe()
                + ") allows "
                + anchor.getBasicConstraints()
                + " intermediate CA certificates, but the path has "
                + intermediates
                + "."));
  }

  private static Optional<PathValidation.Invalid> checkSubject(
      X509Certificate leaf, Optional<X500Principal> requiredSubject) {
    return requiredSubject
        .filter(subject -> !subject.equals(leaf.getSubjectX500Principal()))
        .map(
            subject ->
                new PathValidation.Invalid(
                    PathFailure.SUBJECT_MISMATCH,
                    "The certificate ("
                        + CertificateSummary.of(leaf).describe()
                        + ") does not have the registered subject '"
                        + subject.getName()
                        + "'."));
  }

  private static Optional<PathValidation.Invalid> checkRole(
      X509Certificate leaf, CertificateRole role) {
    return role.violation(leaf)
        .map(
            violation ->
                new PathValidation.Invalid(
                    PathFailure.KEY_USAGE_NOT_ALLOWED,
                    "The certificate ("
                        + CertificateSummary.of(leaf).describe()
                        + ") may not be used for "
                        + role
                        + ": it "
                        + violation
                        + "."));
  }

  /** Checks each certificate of the path from the anchor down, so that a revoked CA shows first. */
  private PathValidation checkRevocation(
      PKIXCertPathBuilderResult built,
      X509Certificate anchor,
      Instant at,
      RevocationPolicy policy) {
    @SuppressWarnings("unchecked")
    List<X509Certificate> path = (List<X509Certificate>) built.getCertPath().getCertificates();
    if (!policy.revocationCheckRequired()) {
      return new PathValidation.Valid(built.getCertPath(), anchor, List.of());
    }

    List<RevocationEvidence> evidence = new ArrayList<>();
    for (int index = path.size() - 1; index >= 0; index--) {
      X509Certificate issuer = index + 1 < path.size() ? path.get(index + 1) : anchor;
      switch (revocationChecker.check(path.get(index), issuer, at, policy)) {
        case RevocationChecker.Outcome.Accepted(RevocationEvidence accepted) ->
            evidence.addFirst(accepted);
        case RevocationChecker.Outcome.Rejected(PathFailure reason, String detail) -> {
          return new PathValidation.Invalid(reason, detail);
        }
      }
    }
    return new PathValidation.Valid(built.getCertPath(), anchor, evidence);
  }
}
