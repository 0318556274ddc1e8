package io.countersign.signature.jws;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.UnprotectedHeader;

/**
 * One signature of a parsed JWS: its protected header, its unprotected header (JSON serialization
 * only), the signing input that Nimbus composed and the raw signature value.
 *
 * @param unprotected the unprotected header, or {@code null} for none
 */
record SignedPart(
    JWSHeader header, UnprotectedHeader unprotected, byte[] signingInput, byte[] signature) {

  /** Returns a header parameter from the protected header, else from the unprotected one. */
  Object parameter(String name) {
    if (header.getIncludedParams().contains(name)) {
      return header.toJSONObject().get(name);
    }
    return unprotected == null ? null : unprotected.getParam(name);
  }

  /** Returns the JWS algorithm name of this signature. */
  String algorithm() {
    return header.getAlgorithm().getName();
  }
}
