package io.countersign.trust;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds out why the JDK's PKIX path builder found no path, which it does not report.
 *
 * <p>It chains the certificate to its issuers by name and signature, among the candidates and the
 * partner's anchors, and runs the JDK's PKIX path validator on that chain: the validator's reason
 * becomes the failure. The builder alone decides whether a path is valid. This class only names the
 * reason for a path that is already known to fail.
 */
final class PathDiagnosis {

  /** The maximum number of intermediate certificates followed, as in the JDK builder's default. */
  private static final int MAX_INTERMEDIATES = 5;

  private record Chain(List<X509Certificate> certificates, TrustAnchor anchor) {}

  private PathDiagnosis() {}

  static PathValidation.Invalid diagnose(
      X509Certificate leaf,
      List<X509Certificate> candidates,
      Set<TrustAnchor> anchors,
      Instant at,
      String builderMessage) {
    Optional<Chain> chain = chain(leaf, candidates, anchors);
    if (chain.isEmpty()) {
      return new PathValidation.Invalid(
          PathFailure.NO_PATH_TO_ANCHOR,
          "No certificate path leads from the certificate ("
              + CertificateSummary.of(leaf).describe()
              + ") to a trust anchor registered for the partner. Send the intermediate CA"
              + " certificates with the signature or register them.");
    }
    return validate(chain.get(), at, builderMessage);
  }

  private static Optional<Chain> chain(
      X509Certificate leaf, List<X509Certificate> candidates, Set<TrustAnchor> anchors) {
    List<X509Certificate> path = new ArrayList<>(List.of(leaf));
    for (int depth = 0; depth <= MAX_INTERMEDIATES; depth++) {
      X509Certificate current = path.getLast();
      for (TrustAnchor anchor : anchors) {
        if (isIssuedBy(current, anchor.getTrustedCert())) {
          return Optional.of(new Chain(path, anchor));
        }
      }
      Optional<X509Certificate> issuer =
          candidates.stream()
              .filter(candidate -> !path.contains(candidate) && isIssuedBy(current, candidate))
              .findFirst();
      if (issuer.isEmpty()) {
        return Optional.empty();
      }
      path.add(issuer.get());
    }
    return Optional.empty();
  }

  private static boolean isIssuedBy(X509Certificate certificate, X509Certificate issuer) {
    if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static PathValidation.Invalid validate(Chain chain, Instant at, String builderMessage) {
    try {
      CertPath path =
          CertificateFactory.getInstance("X.509").generateCertPath(chain.certificates());
      PKIXParameters parameters = new PKIXParameters(Set.of(chain.anchor()));
      parameters.setDate(Date.from(at));
      parameters.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(path, parameters);
    } catch (CertPathValidatorException e) {
      return invalid(e, chain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PKIX path validation is not available", e);
    }
    // The chain validates although the builder found no path, for example because it is longer
    // than the builder's maximum.
    return new PathValidation.Invalid(
        PathFailure.NO_PATH_TO_ANCHOR,
        "No valid certificate path to a trust anchor registered for the partner: "
            + builderMessage);
  }

  private static PathValidation.Invalid invalid(CertPathValidatorException e, Chain chain) {
    int index = e.getIndex();
    X509Certificate failed =
        index >= 0 && index < chain.certificates().size() ? chain.certificates().get(index) : null;
    PathFailure failure = failure(e.getReason(), failed);
    String certificate =
        failed == null ? "" : " at certificate " + CertificateSummary.of(failed).describe();
    return new PathValidation.Invalid(
        failure, "Certificate path validation failed" + certificate + ": " + e.getMessage());
  }

  private static PathFailure failure(
      CertPathValidatorException.Reason reason, X509Certificate failed) {
    // The JDK checks an issuer's keyCertSign before its cA flag, so an end-entity certificate
    // used as an issuer fails on key usage. The missing cA flag (RFC 5280 4.2.1.9) is the cause.
    if (reason == PKIXReason.INVALID_KEY_USAGE
        && failed != null
        && failed.getBasicConstraints() < 0) {
      return PathFailure.BASIC_CONSTRAINTS_VIOLATED;
    }
    if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
      return PathFailure.EXPIRED;
    }
    if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
      return PathFailure.NOT_YET_VALID;
    }
    if (reason == PKIXReason.NOT_CA_CERT || reason == PKIXReason.PATH_TOO_LONG) {
      return PathFailure.BASIC_CONSTRAINTS_VIOLATED;
    }
    if (reason == PKIXReason.INVALID_KEY_USAGE) {
      return PathFailure.KEY_USAGE_NOT_ALLOWED;
    }
    // Signatures, names, name constraints, policies, algorithms and unknown critical extensions.
    return PathFailure.NO_PATH_TO_ANCHOR;
  }
}
