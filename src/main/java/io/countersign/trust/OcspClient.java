package io.countersign.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.jcajce.JcaCertificateID;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Asks an OCSP responder for the status of one certificate (RFC 6960) and caches verified responses
 * until their nextUpdate.
 */
final class OcspClient {

  /** Far above a single-certificate response with a responder chain, which is a few kilobytes. */
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private static final int NONCE_BYTES = 16;

  /** The cache key: the issuer and serial number that identify a certificate. */
  private record CertificateKey(X500Principal issuer, PublicKey issuerKey, BigInteger serial) {}

  private final HttpFetcher fetcher;
  private final Clock clock;
  private final ResponseCache<CertificateKey, RevocationEvidence> cache;
  private final DigestCalculatorProvider digests;
  private final OcspResponseVerifier verifier;
  private final SecureRandom random = new SecureRandom();

  OcspClient(HttpFetcher fetcher, Clock clock, int cacheCapacity) {
    this.fetcher = fetcher;
    this.clock = clock;
    this.cache = new ResponseCache<>(clock, cacheCapacity);
    this.digests = digestCalculators();
    this.verifier = new OcspResponseVerifier(digests);
  }

  SourceResult check(
      X509Certificate certificate,
      X509Certificate issuer,
      URI responder,
      Instant at,
      RevocationPolicy policy) {
    CertificateKey key =
        new CertificateKey(
            issuer.getSubjectX500Principal(), issuer.getPublicKey(), certificate.getSerialNumber());
    Optional<RevocationEvidence> cached = cache.get(key);
    if (cached.isPresent()
        && StatusFreshness.isCurrent(cached.get().thisUpdate(), cached.get().nextUpdate(), at)) {
      return new SourceResult.Determined(cached.get());
    }

    SourceResult result = fetch(certificate, issuer, responder, at, policy);
    if (result instanceof SourceResult.Determined(RevocationEvidence evidence)
        && evidence.nextUpdate() != null) {
      cache.put(key, evidence, evidence.nextUpdate());
    }
    return result;
  }

  private SourceResult fetch(
      X509Certificate certificate,
      X509Certificate issuer,
      URI responder,
      Instant at,
      RevocationPolicy policy) {
    CertificateID id = certificateId(certificate, issuer);
    Extension nonce = nonce();
    Instant obtainedAt = clock.instant();

    OCSPResp response;
    byte[] encoded;
    try {
      encoded =
          fetcher.post(
              responder,
              "application/ocsp-request",
              request(id, nonce),
              MAX_RESPONSE_BYTES,
              policy);
      response = new OCSPResp(encoded);
    } catch (IOException e) {
      return new SourceResult.Unavailable(responder, "OCSP request failed: " + e.getMessage());
    }

    // RFC 6960 4.2.1: error statuses such as tryLater are unsigned, so they mean no status.
    if (response.getStatus() != OCSPResp.SUCCESSFUL) {
      return new SourceResult.Unavailable(
          responder, "OCSP responder returned response status " + response.getStatus());
    }

    try {
      BasicOCSPResp basic = basicResponse(response);
      SingleResp single = verifier.verify(basic, id, nonce, issuer, at);
      return new SourceResult.Determined(
          evidence(certificate, responder, encoded, single, obtainedAt));
    } catch (UntrustedResponseException e) {
      return new SourceResult.Untrusted(responder, e.getMessage());
    }
  }

  private static BasicOCSPResp basicResponse(OCSPResp response) throws UntrustedResponseException {
    try {
      if (response.getResponseObject() instanceof BasicOCSPResp basic) {
        return basic;
      }
    } catch (OCSPException e) {
      throw new UntrustedResponseException("The OCSP response is malformed: " + e.getMessage());
    }
    throw new UntrustedResponseException("The OCSP response is not a basic OCSP response");
  }

  private static RevocationEvidence evidence(
      X509Certificate certificate,
      URI responder,
      byte[] encoded,
      SingleResp single,
      Instant obtainedAt) {
    CertificateStatus status = single.getCertStatus();
    RevocationEvidence.Status evidenceStatus;
    String detail;
    if (status == CertificateStatus.GOOD) {
      evidenceStatus = RevocationEvidence.Status.GOOD;
      detail = "The OCSP responder reports the certificate as good";
    } else if (status instanceof RevokedStatus revoked) {
      // Every reason counts, removeFromCRL and certificateHold included, because the responder
      // returns "revoked" as the current status.
      evidenceStatus = RevocationEvidence.Status.REVOKED;
      detail =
          "The OCSP responder reports the certificate as revoked at "
              + revoked.getRevocationTime().toInstant()
              + reason(revoked);
    } else {
      evidenceStatus = RevocationEvidence.Status.UNKNOWN;
      detail = "The OCSP responder does not know the certificate";
    }

    Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
    return new RevocationEvidence(
        CertificateSummary.of(certificate),
        RevocationEvidence.Source.OCSP,
        evidenceStatus,
        responder,
        encoded,
        null,
        single.getThisUpdate().toInstant(),
        nextUpdate,
        obtainedAt,
        detail);
  }

  private static String reason(RevokedStatus revoked) {
    return revoked.hasRevocationReason()
        ? " (" + RevocationReasons.name(revoked.getRevocationReason()) + ")"
        : " (no reason given)";
  }

  /** Creates the certificate's id with SHA-1 hashes of the issuer, as RFC 5019 2.1.1 requires. */
  private CertificateID certificateId(X509Certificate certificate, X509Certificate issuer) {
    try {
      return new JcaCertificateID(
          digests.get(CertificateID.HASH_SHA1), issuer, certificate.getSerialNumber());
    } catch (OperatorCreationException | CertificateEncodingException | OCSPException e) {
      throw new IllegalStateException("Cannot build an OCSP certificate id", e);
    }
  }

  private Extension nonce() {
    byte[] value = new byte[NONCE_BYTES];
    random.nextBytes(value);
    try {
      // RFC 6960 4.4.1: the extension value is the DER encoding of an OCTET STRING.
      return new Extension(
          OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(value).getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode an OCSP nonce", e);
    }
  }

  private static byte[] request(CertificateID id, Extension nonce) throws IOException {
    try {
      OCSPReq request =
          new OCSPReqBuilder().addRequest(id).setRequestExtensions(new Extensions(nonce)).build();
      return request.getEncoded();
    } catch (OCSPException e) {
      throw new IllegalStateException("Cannot build an OCSP request", e);
    }
  }

  private static DigestCalculatorProvider digestCalculators() {
    try {
      return new JcaDigestCalculatorProviderBuilder().build();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("No digest calculators for OCSP", e);
    }
  }
}
