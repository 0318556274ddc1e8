package io.countersign.signature.http;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The facts a request verifier established about a signed request. Only verifiers create it,
 * after every check passed.
 *
 * @param format {@code countersign-hmac} or {@code http-message-signature} (RFC 9421)
 * @param algorithm the algorithm name, for example {@code hmac-sha256} or {@code ed25519}
 * @param partnerId the partner that registered the verifying key
 * @param keyId the id of the registered key that verified the signature
 * @param created the signing time that the signer states: the HMAC timestamp or the RFC 9421 {@code
 *     created} parameter
 * @param coveredComponents what the signature covers, in signing order. For RFC 9421 these are the
 *     serialized component identifiers.
 * @param nonRepudiation whether only the partner can have made the signature, because an asymmetric
 *     key made it. Always {@code false} for an HMAC: Countersign has the same secret and could have
 *     computed the value itself, so an HMAC proves origin to Countersign but not to a third party.
 * @param signatureValue the raw signature or MAC bytes
 */
public record VerifiedRequest(
    String format,
    String algorithm,
    String partnerId,
    String keyId,
    Instant created,
    List<String> coveredComponents,
    boolean nonRepudiation,
    byte[] signatureValue) {

  public VerifiedRequest {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(partnerId, "partnerId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(created, "created");
    coveredComponents = List.copyOf(coveredComponents);
    signatureValue = signatureValue.clone();
  }

  /** Returns a copy of the raw signature bytes. */
  @Override
  public byte[] signatureValue() {
    return signatureValue.clone();
  }
}
