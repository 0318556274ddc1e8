package io.countersign.partner;

import io.countersign.platform.Rejection;
import io.countersign.trust.RevocationEvidence;
import java.util.List;

/** The result of looking up the partner of a TLS client certificate. */
public sealed interface TlsClientLookup {

  /**
   * The certificate identifies a partner.
   *
   * @param revocationEvidence the revocation status obtained for a CA-issued certificate; empty for
   *     a pinned one
   */
  record Matched(
      Partner partner, TlsClientCredential credential, List<RevocationEvidence> revocationEvidence)
      implements TlsClientLookup {}

  /** No partner registers the certificate, by pin or by CA and subject. */
  record NotRegistered() implements TlsClientLookup {}

  /** A partner's CA and subject match, but a check failed: expired, revoked, wrong key usage. */
  record Rejected(Rejection rejection) implements TlsClientLookup {}
}
