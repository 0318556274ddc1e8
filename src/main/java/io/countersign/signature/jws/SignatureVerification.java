package io.countersign.signature.jws;

import io.countersign.platform.RejectionReason;
import java.time.Instant;
import java.util.List;

/**
 * Verifies one signature with the candidate keys, and checks the validity of the key that verified
 * it. Candidates are tried in order. A key that verifies but is not valid at the instant does not
 * end the search, because a renewed certificate may carry the same key.
 */
final class SignatureVerification {

  private SignatureVerification() {}

  static VerifiedPart verify(SignedPart part, List<CandidateKey> candidates, Instant now)
      throws JwsRejection {
    JwsRejection validityFailure = null;
    boolean anyKeyFits = false;
    for (CandidateKey candidate : candidates) {
      SignatureCheck.Result result = check(part, candidate);
      anyKeyFits |= result != SignatureCheck.Result.KEY_UNSUITABLE;
      if (result != SignatureCheck.Result.VALID) {
        continue;
      }

      try {
        SignerValidity.check(candidate, now);
        return new VerifiedPart(part, candidate);
      } catch (JwsRejection e) {
        validityFailure = validityFailure == null ? e : validityFailure;
      }
    }

    if (validityFailure != null) {
      throw validityFailure;
    }
    throw invalid(part, candidates, anyKeyFits);
  }

  private static SignatureCheck.Result check(SignedPart part, CandidateKey candidate)
      throws JwsRejection {
    return switch (candidate) {
      case CandidateKey.SignerCertificate certificate ->
          SignatureCheck.verify(
              part.header(),
              part.signingInput(),
              part.signature(),
              certificate.signer().certificate().getPublicKey());
      case CandidateKey.HmacKey hmac ->
          SignatureCheck.verifyHmac(
              part.header(), part.signingInput(), part.signature(), hmac.key().secret());
    };
  }

  private static JwsRejection invalid(
      SignedPart part, List<CandidateKey> candidates, boolean anyKeyFits) {
    String keys = describe(candidates);
    String problem =
        anyKeyFits
            ? "The JWS signature (algorithm " + part.algorithm() + ") does not verify with " + keys
            : "The JWS algorithm "
                + part.algorithm()
                + " does not fit the key type, curve or"
                + " length of "
                + keys;
    return new JwsRejection(
        RejectionReason.SIGNATURE_INVALID,
        problem
            + ". Sign with the private key of a registered key and an algorithm that fits it, and"
            + " do not change the protected header or payload after signing.");
  }

  private static String describe(List<CandidateKey> candidates) {
    if (candidates.size() == 1) {
      return JwsVerifier.describe(candidates.getFirst());
    }
    return "any of the "
        + candidates.size()
        + " keys registered to partner '"
        + candidates.getFirst().partnerId()
        + "'";
  }
}
