package io.countersign.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Fetches a CRL from a distribution point, verifies it against the certificate's issuer and looks
 * the certificate up in it. CRLs are cached per URL until their nextUpdate, and verified again on
 * each use, because the same URL may be named by certificates of different issuers.
 *
 * <p>Only complete CRLs issued by the certificate's issuer are supported. Delta CRLs, indirect CRLs
 * and CRLs partitioned by an issuing distribution point carry a critical extension and are rejected
 * as untrusted.
 */
final class CrlClient {

  /**
   * Room for roughly 150,000 entries at about 50 bytes each (an estimate). A cached CRL stays in
   * memory as a parsed structure, larger than its encoding, so the cache capacity must stay small.
   */
  static final int MAX_CRL_BYTES = 8 * 1024 * 1024;

  private static final int CRL_SIGN = 6;

  private record FetchedCrl(X509CRLHolder crl, Instant obtainedAt) {}

  private final HttpFetcher fetcher;
  private final Clock clock;
  private final ResponseCache<URI, FetchedCrl> cache;

  CrlClient(HttpFetcher fetcher, Clock clock, int cacheCapacity) {
    this.fetcher = fetcher;
    this.clock = clock;
    this.cache = new ResponseCache<>(clock, cacheCapacity);
  }

  SourceResult check(
      X509Certificate certificate,
      X509Certificate issuer,
      URI location,
      Instant at,
      RevocationPolicy policy) {
    Optional<FetchedCrl> cached = cache.get(location).filter(fetched -> isCurrent(fetched, at));
    FetchedCrl fetched;
    if (cached.isPresent()) {
      fetched = cached.get();
    } else {
      try {
        fetched = fetch(location, policy);
      } catch (IOException e) {
        return new SourceResult.Unavailable(location, "CRL download failed: " + e.getMessage());
      }
    }

    try {
      verify(fetched.crl(), issuer, at);
    } catch (UntrustedResponseException e) {
      return new SourceResult.Untrusted(location, e.getMessage());
    }
    if (cached.isEmpty()) {
      cache.put(location, fetched, fetched.crl().getNextUpdate().toInstant());
    }
    return new SourceResult.Determined(evidence(certificate, location, fetched));
  }

  private FetchedCrl fetch(URI location, RevocationPolicy policy) throws IOException {
    Instant obtainedAt = clock.instant();
    byte[] encoded = fetcher.get(location, MAX_CRL_BYTES, policy);
    try {
      return new FetchedCrl(new X509CRLHolder(encoded), obtainedAt);
    } catch (IllegalArgumentException e) {
      throw new IOException("The response from " + location + " is not a DER-encoded CRL", e);
    }
  }

  private static boolean isCurrent(FetchedCrl fetched, Instant at) {
    X509CRLHolder crl = fetched.crl();
    Instant nextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
    return StatusFreshness.isCurrent(crl.getThisUpdate().toInstant(), nextUpdate, at);
  }

  /** Checks the CRL issuer, its signature, its extensions and its validity (RFC 5280 6.3.3). */
  private static void verify(X509CRLHolder crl, X509Certificate issuer, Instant at)
      throws UntrustedResponseException {
    X500Principal crlIssuer = crlIssuer(crl);
    if (!crlIssuer.equals(issuer.getSubjectX500Principal())) {
      throw new UntrustedResponseException(
          "The CRL is issued by '" + crlIssuer.getName() + "', not by the certificate's issuer");
    }
    // RFC 5280 4.2.1.3: a CA key signs CRLs only if its key usage, when present, has cRLSign.
    boolean[] keyUsage = issuer.getKeyUsage();
    if (keyUsage != null && !keyUsage[CRL_SIGN]) {
      throw new UntrustedResponseException("The CRL issuer's key usage lacks cRLSign");
    }
    if (!isSignatureValid(crl, issuer)) {
      throw new UntrustedResponseException("The CRL signature is not valid for the issuer's key");
    }
    if (!crl.getCriticalExtensionOIDs().isEmpty()) {
      throw new UntrustedResponseException(
          "The CRL has unsupported critical extensions " + crl.getCriticalExtensionOIDs());
    }

    // RFC 5280 5.1.2.5: conforming CRL issuers always include nextUpdate.
    if (crl.getNextUpdate() == null) {
      throw new UntrustedResponseException("The CRL has no nextUpdate");
    }
    StatusFreshness.check(
        crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant(), at, "The CRL");
  }

  private static X500Principal crlIssuer(X509CRLHolder crl) throws UntrustedResponseException {
    try {
      return new X500Principal(crl.getIssuer().getEncoded());
    } catch (IOException | IllegalArgumentException e) {
      throw new UntrustedResponseException("The CRL issuer name is malformed");
    }
  }

  private static boolean isSignatureValid(X509CRLHolder crl, X509Certificate issuer) {
    try {
      return crl.isSignatureValid(
          new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()));
    } catch (CertException | OperatorCreationException e) {
      return false;
    }
  }

  private static RevocationEvidence evidence(
      X509Certificate certificate, URI location, FetchedCrl fetched) {
    X509CRLHolder crl = fetched.crl();
    X509CRLEntryHolder entry = crl.getRevokedCertificate(certificate.getSerialNumber());

    // Any entry means revoked, whatever its reason: removeFromCRL belongs in delta CRLs only
    // (RFC 5280 5.3.1), and those are rejected above.
    RevocationEvidence.Status status =
        entry == null ? RevocationEvidence.Status.GOOD : RevocationEvidence.Status.REVOKED;
    String detail =
        entry == null
            ? "The CRL does not list the certificate"
            : "The CRL lists the certificate as revoked at "
                + entry.getRevocationDate().toInstant()
                + reason(entry);

    return new RevocationEvidence(
        CertificateSummary.of(certificate),
        RevocationEvidence.Source.CRL,
        status,
        location,
        null,
        crlNumber(crl),
        crl.getThisUpdate().toInstant(),
        crl.getNextUpdate().toInstant(),
        fetched.obtainedAt(),
        detail);
  }

  private static String reason(X509CRLEntryHolder entry) {
    Extensions extensions = entry.getExtensions();
    if (extensions == null || extensions.getExtension(Extension.reasonCode) == null) {
      return " (no reason given)";
    }
    CRLReason reason =
        CRLReason.getInstance(extensions.getExtensionParsedValue(Extension.reasonCode));
    return " (" + RevocationReasons.name(reason.getValue().intValue()) + ")";
  }

  private static BigInteger crlNumber(X509CRLHolder crl) {
    Extension number = crl.getExtension(Extension.cRLNumber);
    return number == null ? null : ASN1Integer.getInstance(number.getParsedValue()).getValue();
  }
}
