package io.countersign.signature;

import io.countersign.platform.Rejection;

/** The result of looking up the registration of a signer certificate that a signature carries. */
public sealed interface SignerLookup {

  /** A partner registers the certificate, pinned or through its CA and subject. */
  record Registered(RegisteredSigner signer) implements SignerLookup {}

  /** No partner registers the certificate. */
  record NotRegistered() implements SignerLookup {}

  /** A partner's CA and subject match, but the path failed: expired, revoked, wrong key usage. */
  record Rejected(Rejection rejection) implements SignerLookup {}
}
