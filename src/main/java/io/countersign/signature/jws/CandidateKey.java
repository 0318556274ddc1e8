package io.countersign.signature.jws;

import io.countersign.signature.RegisteredHmacKey;
import io.countersign.signature.RegisteredSigner;

/** A registered key that may have made a signature: a signing certificate or an HMAC key. */
sealed interface CandidateKey {

  /** The partner who registered the key. */
  String partnerId();

  /** A document signing certificate registered to a partner. */
  record SignerCertificate(RegisteredSigner signer) implements CandidateKey {

    @Override
    public String partnerId() {
      return signer.partnerId();
    }
  }

  /** A shared HMAC secret registered to a partner. */
  record HmacKey(RegisteredHmacKey key) implements CandidateKey {

    @Override
    public String partnerId() {
      return key.partnerId();
    }
  }
}
