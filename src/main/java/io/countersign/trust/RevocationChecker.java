package io.countersign.trust;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Checks the revocation status of certificates with OCSP and CRLs, and caches what it fetched.
 *
 * <p>For each certificate it queries the OCSP responders named in the authority information access
 * extension first, because a response covers only that certificate and is small. Only when no
 * responder is reachable does it download the CRLs of the CRL distribution points. A response that
 * was received but failed verification ends the check without trying the CRL, because it points to
 * an attack or a broken responder, which the partner must fix.
 *
 * <p>Guarantees: a status counts only if it is signed by the certificate's issuer (or, for OCSP, by
 * a responder that the issuer authorized), names the certificate, and is current at the validation
 * time. Instances are thread-safe and should be shared, so that the cache is.
 */
public final class RevocationChecker {

  /** Verified OCSP responses kept, one per certificate. */
  public static final int DEFAULT_OCSP_CACHE_CAPACITY = 10_000;

  /** Verified CRLs kept, one per distribution point URL; each may be megabytes in memory. */
  public static final int DEFAULT_CRL_CACHE_CAPACITY = 16;

  private static final Logger LOG = Logger.getLogger(RevocationChecker.class.getName());

  /** The result of checking one certificate. */
  sealed interface Outcome {

    record Accepted(RevocationEvidence evidence) implements Outcome {}

    record Rejected(PathFailure reason, String detail) implements Outcome {}
  }

  private final Clock clock;
  private final OcspClient ocsp;
  private final CrlClient crl;

  /** Creates a checker with the default cache capacities. */
  public RevocationChecker(Clock clock) {
    this(clock, DEFAULT_OCSP_CACHE_CAPACITY, DEFAULT_CRL_CACHE_CAPACITY);
  }

  /** Creates a checker whose caches hold at most the given numbers of responses and CRLs. */
  public RevocationChecker(Clock clock, int ocspCacheCapacity, int crlCacheCapacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    HttpFetcher fetcher = new HttpFetcher();
    this.ocsp = new OcspClient(fetcher, clock, ocspCacheCapacity);
    this.crl = new CrlClient(fetcher, clock, crlCacheCapacity);
  }

  /** Checks {@code certificate}, issued by {@code issuer}, at the instant {@code at}. */
  Outcome check(
      X509Certificate certificate, X509Certificate issuer, Instant at, RevocationPolicy policy) {
    RevocationSources sources = RevocationSources.of(certificate);
    List<SourceResult.Unavailable> unavailable = new ArrayList<>();

    for (URI responder : sources.ocspResponders()) {
      SourceResult result = ocsp.check(certificate, issuer, responder, at, policy);
      if (!(result instanceof SourceResult.Unavailable missing)) {
        return decide(certificate, result);
      }
      unavailable.add(missing);
    }
    for (URI location : sources.crlDistributionPoints()) {
      SourceResult result = crl.check(certificate, issuer, location, at, policy);
      if (!(result instanceof SourceResult.Unavailable missing)) {
        return decide(certificate, result);
      }
      unavailable.add(missing);
    }

    return whenUnavailable(certificate, sources, unavailable, policy);
  }

  private static Outcome decide(X509Certificate certificate, SourceResult result) {
    String described = CertificateSummary.of(certificate).describe();
    return switch (result) {
      case SourceResult.Determined(RevocationEvidence evidence) ->
          switch (evidence.status()) {
            case GOOD -> new Outcome.Accepted(evidence);
            case REVOKED ->
                new Outcome.Rejected(
                    PathFailure.REVOKED, evidence.detail() + ". Certificate: " + described);
            case UNKNOWN, UNAVAILABLE ->
                new Outcome.Rejected(
                    PathFailure.REVOCATION_UNKNOWN,
                    evidence.detail() + ". Certificate: " + described);
          };
      case SourceResult.Untrusted(URI location, String detail) -> {
        LOG.log(
            Level.WARNING,
            "Untrusted revocation response from {0}: {1}",
            new Object[] {location, detail});
        yield new Outcome.Rejected(
            PathFailure.REVOCATION_UNAVAILABLE,
            detail + " (from " + location + "). Certificate: " + described);
      }
      case SourceResult.Unavailable(URI location, String detail) ->
          throw new IllegalStateException("An unavailable source does not decide: " + location);
    };
  }

  private Outcome whenUnavailable(
      X509Certificate certificate,
      RevocationSources sources,
      List<SourceResult.Unavailable> unavailable,
      RevocationPolicy policy) {
    String described = CertificateSummary.of(certificate).describe();
    String detail =
        sources.isEmpty()
            ? "The certificate names no OCSP responder or CRL distribution point with an http URL"
            : "No revocation source was reachable: "
                + String.join(
                    "; ", unavailable.stream().map(SourceResult.Unavailable::detail).toList());
    LOG.log(Level.WARNING, "{0} for certificate {1}", new Object[] {detail, described});

    if (policy.unreachableResponder() == RevocationPolicy.UnreachableResponder.FAIL_CLOSED) {
      return new Outcome.Rejected(
          PathFailure.REVOCATION_UNAVAILABLE, detail + ". Certificate: " + described);
    }
    URI lastTried = unavailable.isEmpty() ? null : unavailable.getLast().location();
    return new Outcome.Accepted(
        new RevocationEvidence(
            CertificateSummary.of(certificate),
            lastTriedSource(sources),
            RevocationEvidence.Status.UNAVAILABLE,
            lastTried,
            null,
            null,
            null,
            null,
            clock.instant(),
            detail + "; accepted because the policy fails open"));
  }

  /** The kind of source tried last, which the evidence names beside its URL. */
  private static RevocationEvidence.Source lastTriedSource(RevocationSources sources) {
    if (!sources.crlDistributionPoints().isEmpty()) {
      return RevocationEvidence.Source.CRL;
    }
    if (!sources.ocspResponders().isEmpty()) {
      return RevocationEvidence.Source.OCSP;
    }
    return RevocationEvidence.Source.NONE;
  }
}
