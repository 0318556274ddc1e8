package io.countersign.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.jcajce.JcaCertificateID;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Verifies an OCSP response that was stored as revocation evidence, offline, at the instant it was
 * used: signed by the certificate's issuer or a responder the issuer authorized, naming the
 * certificate, current at that instant. These are the checks made when it was fetched, except the
 * nonce, because the request is not stored.
 */
public final class StoredOcspResponseVerifier {

  /** The result of verifying a stored response. */
  public sealed interface Outcome {

    /** The response is trustworthy; {@code status} is what it reports. */
    record Verified(
        RevocationEvidence.Status status, Instant thisUpdate, Instant nextUpdate, String detail)
        implements Outcome {}

    /** A check failed, and {@code detail} names it. */
    record Untrusted(String detail) implements Outcome {}
  }

  private final DigestCalculatorProvider digests;
  private final OcspResponseVerifier verifier;

  public StoredOcspResponseVerifier() {
    try {
      this.digests = new JcaDigestCalculatorProviderBuilder().build();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("No digest calculators for OCSP", e);
    }
    this.verifier = new OcspResponseVerifier(digests);
  }

  /**
   * Verifies {@code encoded}, a DER OCSPResponse, for the certificate with {@code serialNumber}
   * issued by {@code issuer}, at the instant {@code at}.
   */
  public Outcome verify(byte[] encoded, X509Certificate issuer, BigInteger serialNumber, Instant at) {
    try {
      OCSPResp response = new OCSPResp(encoded);
      if (response.getStatus() != OCSPResp.SUCCESSFUL) {
        return new Outcome.Untrusted("The OCSP response status is " + response.getStatus());
      }
      if (!(response.getResponseObject() instanceof BasicOCSPResp basic)) {
        return new Outcome.Untrusted("The OCSP response is not a basic OCSP response");
      }
      SingleResp single = verifier.verify(basic, certificateId(issuer, serialNumber), null, issuer, at);
      return verified(single);
    } catch (IOException | OCSPException e) {
      return new Outcome.Untrusted("The OCSP response is malformed: " + e.getMessage());
    } catch (UntrustedResponseException e) {
      return new Outcome.Untrusted(e.getMessage());
    }
  }

  private static Outcome verified(SingleResp single) {
    Instant thisUpdate = single.getThisUpdate().toInstant();
    Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
    CertificateStatus status = single.getCertStatus();
    if (status == CertificateStatus.GOOD) {
      return new Outcome.Verified(
          RevocationEvidence.Status.GOOD, thisUpdate, nextUpdate, "good");
    }
    if (status instanceof RevokedStatus revoked) {
      return new Outcome.Verified(
          RevocationEvidence.Status.REVOKED,
          thisUpdate,
          nextUpdate,
          "revoked at " + revoked.getRevocationTime().toInstant());
    }
    return new Outcome.Verified(RevocationEvidence.Status.UNKNOWN, thisUpdate, nextUpdate, "unknown");
  }

  /** Creates the certificate's id with SHA-1 hashes of the issuer, as the request had it. */
  private CertificateID certificateId(X509Certificate issuer, BigInteger serialNumber)
      throws OCSPException {
    try {
      return new JcaCertificateID(digests.get(CertificateID.HASH_SHA1), issuer, serialNumber);
    } catch (OperatorCreationException | CertificateEncodingException e) {
      throw new IllegalStateException("Cannot build an OCSP certificate id", e);
    }
  }
}
