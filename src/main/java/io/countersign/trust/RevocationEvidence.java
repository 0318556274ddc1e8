package io.countersign.trust;

import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * The revocation status of one certificate and where it came from, to be stored with the document
 * that the certificate was used for.
 *
 * <p>NOTE: as in every record, {@code equals} compares the {@code ocspResponse} arrays by
 * reference, so compare response bytes with {@link java.util.Arrays#equals(byte[], byte[])}.
 *
 * @param certificate the certificate whose status this is
 * @param source where the status came from
 * @param status the status at the validation time
 * @param location the OCSP responder or CRL URL; null if the certificate names none
 * @param ocspResponse the DER-encoded OCSPResponse as received; null unless the source is OCSP
 * @param crlNumber the CRL number extension of the CRL; null unless the source is a CRL that has
 *     one
 * @param thisUpdate when the responder or CRL issuer asserted the status; null if unavailable
 * @param nextUpdate when newer status will be available; null if the response gives none or the
 *     status is unavailable
 * @param obtainedAt when Countersign fetched the response or CRL, or tried to
 * @param detail a sentence on the status, for example the revocation time or why no status could be
 *     fetched
 */
public record RevocationEvidence(
    CertificateSummary certificate,
    Source source,
    Status status,
    URI location,
    byte[] ocspResponse,
    BigInteger crlNumber,
    Instant thisUpdate,
    Instant nextUpdate,
    Instant obtainedAt,
    String detail) {

  /** The kind of source a status came from. */
  public enum Source {
    OCSP,
    CRL,
    /** The certificate names no OCSP responder or CRL distribution point with an http URL. */
    NONE
  }

  /** The revocation status of a certificate. */
  public enum Status {
    GOOD,
    REVOKED,
    UNKNOWN,
    /** No status could be fetched, and the policy accepted that. */
    UNAVAILABLE
  }

  public RevocationEvidence {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(obtainedAt, "obtainedAt");
    Objects.requireNonNull(detail, "detail");
    ocspResponse = ocspResponse == null ? null : ocspResponse.clone();
  }

  /** Returns a copy of the DER-encoded OCSP response, or null unless the source is OCSP. */
  @Override
  public byte[] ocspResponse() {
    return ocspResponse == null ? null : ocspResponse.clone();
  }
}
