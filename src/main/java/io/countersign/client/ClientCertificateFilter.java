package io.countersign.client;

import io.countersign.client.forwarded.CertificateSource;
import io.countersign.client.forwarded.ForwardedCertificateOutcome;
import io.countersign.partner.PartnerRegistry;
import io.countersign.partner.TlsClientLookup;
import io.countersign.platform.RejectedException;
import io.countersign.platform.RejectionReason;
import io.countersign.trust.CertificateSummary;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Authenticates every API request by the client certificate of the container's mutual TLS and
 * maps it to the partner that registered it.
 *
 * <p>The HTTPS listener requests a certificate but accepts any chain (possession of the key is
 * proven by the handshake), so trust is decided here: a certificate identifies a partner when the
 * partner pins it, or when it carries the subject that the partner registered with its CA and a
 * PKIX path to that CA validates, revocation included. Without a certificate the request is
 * rejected with 401; with an unregistered, expired, revoked or otherwise invalid one with 403.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ClientCertificateFilter implements ContainerRequestFilter {

  /** The servlet request attribute that carries the client's certificate chain. */
  static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

  private static final Logger LOG = Logger.getLogger(ClientCertificateFilter.class.getName());

  @Inject PartnerRegistry partners;
  @Inject ForwardedCertificates forwardedCertificates;
  @Inject RequestSignatureAuthenticator requestSignatures;
  @Inject Clock clock;
  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    PresentedCertificate presented = presentedCertificate(request);
    if (presented == null) {
      request.setProperty(ClientIdentity.ATTRIBUTE, identifyWithoutCertificate(request));
      return;
    }
    List<X509Certificate> chain = presented.chain();
    X509Certificate certificate = chain.getFirst();
    CertificateSummary summary = CertificateSummary.of(certificate);
    Instant now = clock.instant();

    TlsClientLookup.Matched match =
        switch (partners.identifyTlsClient(chain, now)) {
          case TlsClientLookup.Matched matched -> matched;
          case TlsClientLookup.NotRegistered notRegistered -> throw unregistered(summary);
          case TlsClientLookup.Rejected rejected -> throw new RejectedException(rejected.rejection());
        };
    requireValid(certificate, match, summary, now);

    ClientIdentity identity =
        ClientIdentity.ofCertificate(
            match.partner().id(),
            certificate,
            presented.source().describe(),
            match.revocationEvidence());
    request.setProperty(ClientIdentity.ATTRIBUTE, identity);
  }

  /**
   * Identifies a request without a client certificate by its request signature. A document
   * submission without one may still come from a signature-only partner, whom the document's own
   * signature identifies later; anything else is rejected with 401.
   */
  private ClientIdentity identifyWithoutCertificate(ContainerRequestContext request) {
    Optional<ClientIdentity> signed = requestSignatures.authenticate(request);
    if (signed.isPresent()) {
      return signed.get();
    }
    boolean submission =
        request.getMethod().equals("POST")
            && request.getUriInfo().getPath().replaceAll("/+$", "").endsWith("documents");
    if (submission && partners.hasSignatureOnlyPartners()) {
      return ClientIdentity.unidentified();
    }
    throw new RejectedException(
        RejectionReason.CLIENT_CERTIFICATE_MISSING,
        "No TLS client certificate was presented, directly or through a trusted proxy, and the"
            + " request carries no request signature. Connect with the client certificate"
            + " registered for your partner (for curl: --cert tls.pem --key tls.key).");
  }

  /** A client certificate chain, leaf first, and how it reached the application. */
  private record PresentedCertificate(List<X509Certificate> chain, CertificateSource source) {}

  /**
   * Returns the certificate that a trusted proxy forwarded, or else the one of the container's
   * own TLS handshake, or {@code null} without either. A forwarded header from any other peer is
   * logged and ignored.
   */
  private PresentedCertificate presentedCertificate(ContainerRequestContext request) {
    String peer = servletRequest.getRemoteAddr();
    ForwardedCertificateOutcome outcome =
        forwardedCertificates.extractor().extract(peer, name -> request.getHeaders().get(name));
    switch (outcome) {
      case ForwardedCertificateOutcome.Forwarded forwarded -> {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(forwarded.leaf());
        chain.addAll(forwarded.chain());
        return new PresentedCertificate(chain, forwarded.source());
      }
      case ForwardedCertificateOutcome.Malformed malformed ->
          throw new RejectedException(malformed.rejection());
      case ForwardedCertificateOutcome.IgnoredUntrustedPeer ignored ->
          LOG.warning(
              () ->
                  "Ignored header "
                      + ignored.headerName()
                      + " from "
                      + ignored.remoteAddress()
                      + ", which is not a trusted proxy");
      case ForwardedCertificateOutcome.NotForwarded notForwarded -> {}
    }
    if (request.getProperty(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain
        && chain.length > 0) {
      return new PresentedCertificate(List.of(chain), CertificateSource.tls());
    }
    return null;
  }

  private static RejectedException unregistered(CertificateSummary summary) {
    LOG.warning(() -> "Unregistered TLS client certificate: " + summary.describe());
    return new RejectedException(
        RejectionReason.CLIENT_CERTIFICATE_UNKNOWN,
        "The TLS client certificate ("
            + summary.describe()
            + ") is not registered to any partner. Ask the operator to register it, or connect"
            + " with the certificate registered for your partner.");
  }

  private static void requireValid(
      X509Certificate certificate,
      TlsClientLookup.Matched match,
      CertificateSummary summary,
      Instant now) {
    Instant notBefore = latest(certificate.getNotBefore().toInstant(), match.credential().notBefore());
    Instant notAfter = earliest(certificate.getNotAfter().toInstant(), match.credential().notAfter());
    if (now.isBefore(notBefore)) {
      throw new RejectedException(
          RejectionReason.CLIENT_CERTIFICATE_NOT_YET_VALID,
          "The TLS client certificate (" + summary.describe() + ") of partner '"
              + match.partner().id() + "' is not valid before " + notBefore + ".");
    }
    if (now.isAfter(notAfter)) {
      throw new RejectedException(
          RejectionReason.CLIENT_CERTIFICATE_EXPIRED,
          "The TLS client certificate (" + summary.describe() + ") of partner '"
              + match.partner().id() + "' expired at " + notAfter
              + ". Connect with its successor, or ask the operator to register a new one.");
    }
  }

  private static Instant latest(Instant certificateBound, Instant registrationBound) {
    return registrationBound != null && registrationBound.isAfter(certificateBound)
        ? registrationBound
        : certificateBound;
  }

  private static Instant earliest(Instant certificateBound, Instant registrationBound) {
    return registrationBound != null && registrationBound.isBefore(certificateBound)
        ? registrationBound
        : certificateBound;
  }
}
