package io.countersign.trust;

import java.net.URI;

/** The result from one OCSP responder or CRL distribution point for a certificate. */
sealed interface SourceResult {

  /** A verified, current status: good, revoked or unknown. */
  record Determined(RevocationEvidence evidence) implements SourceResult {}

  /**
   * No usable response: the connection failed or timed out, the server returned an HTTP error or an
   * unsigned OCSP error status, or the body did not parse. Another source may be tried.
   */
  record Unavailable(URI location, String detail) implements SourceResult {}

  /**
   * A response that parsed but failed verification: a wrong signature, an unauthorized signer,
   * another certificate, a nonce mismatch, or a status that is not current at the validation time.
   * The check stops here, because such a response points to an attack or a broken responder.
   */
  record Untrusted(URI location, String detail) implements SourceResult {}
}
