package io.countersign.signature.jws;

import java.util.List;

/**
 * A parsed JWS: the payload and the signatures over it, before any policy or key check.
 *
 * @param payload the signed content, decoded; for a detached JWS the request body as received
 */
record JwsEnvelope(JwsForm form, byte[] payload, List<SignedPart> signatures) {

  JwsEnvelope {
    signatures = List.copyOf(signatures);
  }
}
