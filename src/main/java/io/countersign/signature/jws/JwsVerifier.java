package io.countersign.signature.jws;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.VerifiedSignature;
import io.countersign.trust.CertificateSummary;
import io.countersign.trust.RevocationEvidence;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a JWS (RFC 7515) over a JSON business document, in compact serialization, in flattened
 * or general JSON serialization, or detached over the request body (RFC 7515 Appendix F, with or
 * without the unencoded payload option of RFC 7797).
 *
 * <p>A {@code Verified} outcome guarantees that:
 *
 * <ul>
 *   <li>the JWS is well-formed, every part strict base64url, and {@code alg} is protected and on
 *       the {@link JwsPolicy} allow list, so never {@code none};
 *   <li>{@code crit} lists only parameters that are present and understood ({@code b64}, {@code
 *       iat}), {@code b64} is listed whenever present, and no {@code jku} or {@code x5u} is sent;
 *   <li>every signature verifies with a key registered in the {@link SignerDirectory}: a
 *       certificate, or for HS algorithms allowed by the policy an HMAC key of the partner;
 *   <li>each registration and certificate is valid at the clock's instant;
 *   <li>a signature of the expected partner is among them;
 *   <li>each signature's protected {@code iat} is within the policy's window, and present if the
 *       policy requires it;
 *   <li>the payload is within the size limit, and when {@code typ} or {@code cty} types it as JSON,
 *       it is well-formed JSON within the depth limit.
 * </ul>
 *
 * <p>It trusts the directory and nothing in the JWS: {@code kid}, {@code x5t#S256} and {@code x5c}
 * select a registration (see {@link RegisteredKeySelector}), {@code jwk} is ignored, nothing is
 * fetched. It builds no certificate path, because registration is what makes a signer trusted here.
 *
 * <p>A JWS that cannot be parsed is rejected as {@code SIGNATURE_MALFORMED} (422), in every
 * serialization: the request is well-formed HTTP, but its signature is unusable, as for a broken
 * XML Signature. A payload typed as JSON that is not well-formed is {@code DOCUMENT_MALFORMED}
 * (400), as for a malformed XML document. Every bad or hostile input ends as a {@code Rejected}
 * outcome. Instances are thread-safe.
 */
public final class JwsVerifier {

  private final Clock clock;
  private final JwsPolicy defaults;
  private final JsonPayloadCheck jsonPayloadCheck = new JsonPayloadCheck();

  /** Creates a verifier whose methods without a policy use {@link JwsPolicy#defaults()}. */
  public JwsVerifier(Clock clock) {
    this(clock, JwsPolicy.defaults());
  }

  /** Creates a verifier whose methods without a policy use {@code defaults}. */
  public JwsVerifier(Clock clock, JwsPolicy defaults) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
  }

  /** Verifies a compact JWS ({@code application/jose}) whose payload is the document. */
  public VerificationOutcome verifyCompact(
      byte[] body, String expectedPartnerId, SignerDirectory directory, JwsPolicy policy) {
    Objects.requireNonNull(body, "body");
    requireArguments(expectedPartnerId, directory, policy);
    try {
      return verified(JwsParser.parseCompact(body), expectedPartnerId, directory, policy);
    } catch (JwsRejection e) {
      return new VerificationOutcome.Rejected(e.rejection());
    }
  }

  /** Verifies a compact JWS with the verifier's default policy. */
  public VerificationOutcome verifyCompact(
      byte[] body, String expectedPartnerId, SignerDirectory directory) {
    return verifyCompact(body, expectedPartnerId, directory, defaults);
  }

  /**
   * Verifies a JWS in flattened or general JSON serialization ({@code application/jose+json}). With
   * several signatures, every one must verify and one must be the expected partner's.
   */
  public VerificationOutcome verifyJson(
      byte[] body, String expectedPartnerId, SignerDirectory directory, JwsPolicy policy) {
    Objects.requireNonNull(body, "body");
    requireArguments(expectedPartnerId, directory, policy);
    try {
      return verified(JwsParser.parseJson(body), expectedPartnerId, directory, policy);
    } catch (JwsRejection e) {
      return new VerificationOutcome.Rejected(e.rejection());
    }
  }

  /** Verifies a JWS in JSON serialization with the verifier's default policy. */
  public VerificationOutcome verifyJson(
      byte[] body, String expectedPartnerId, SignerDirectory directory) {
    return verifyJson(body, expectedPartnerId, directory, defaults);
  }

  /**
   * Verifies a detached compact JWS, as sent in the {@code X-JWS-Signature} header, over {@code
   * body} exactly as received.
   */
  public VerificationOutcome verifyDetached(
      byte[] body,
      String detachedJws,
      String expectedPartnerId,
      SignerDirectory directory,
      JwsPolicy policy) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(detachedJws, "detachedJws");
    requireArguments(expectedPartnerId, directory, policy);
    try {
      return verified(
          JwsParser.parseDetached(body, detachedJws), expectedPartnerId, directory, policy);
    } catch (JwsRejection e) {
      return new VerificationOutcome.Rejected(e.rejection());
    }
  }

  /** Verifies a detached JWS with the verifier's default policy. */
  public VerificationOutcome verifyDetached(
      byte[] body, String detachedJws, String expectedPartnerId, SignerDirectory directory) {
    return verifyDetached(body, detachedJws, expectedPartnerId, directory, defaults);
  }

  private VerificationOutcome verified(
      JwsEnvelope envelope, String expectedPartnerId, SignerDirectory directory, JwsPolicy policy)
      throws JwsRejection {
    Instant now = clock.instant();
    List<SignedPart> parts = envelope.signatures();
    for (int i = 0; i < parts.size(); i++) {
      checkHeader(parts, i, policy);
    }

    List<VerifiedPart> verified = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      verified.add(verifyPart(envelope, i, expectedPartnerId, directory, policy, now));
    }
    VerifiedPart own = bindToPartner(verified, expectedPartnerId);

    for (int i = 0; i < parts.size(); i++) {
      checkIssuedAt(parts, i, policy, now);
    }
    checkPayload(envelope, policy);

    return new VerificationOutcome.Verified(verifiedSignature(envelope, own, verified));
  }

  private static void checkHeader(List<SignedPart> parts, int index, JwsPolicy policy)
      throws JwsRejection {
    try {
      HeaderRules.check(parts.get(index), policy);
    } catch (JwsRejection e) {
      throw locate(e, index, parts.size());
    }
  }

  private static void checkIssuedAt(
      List<SignedPart> parts, int index, JwsPolicy policy, Instant now) throws JwsRejection {
    try {
      IssuedAtCheck.check(parts.get(index), policy, now);
    } catch (JwsRejection e) {
      throw locate(e, index, parts.size());
    }
  }

  private VerifiedPart verifyPart(
      JwsEnvelope envelope,
      int index,
      String expectedPartnerId,
      SignerDirectory directory,
      JwsPolicy policy,
      Instant now)
      throws JwsRejection {
    SignedPart part = envelope.signatures().get(index);
    try {
      List<CandidateKey> candidates =
          RegisteredKeySelector.select(part, expectedPartnerId, directory);
      return SignatureVerification.verify(part, candidates, now);
    } catch (JwsRejection e) {
      JwsRejection explained = explainDetached(e, envelope, policy);
      throw locate(explained, index, envelope.signatures().size());
    }
  }

  /**
   * Adds to a failed detached signature that it covers the exact bytes received, and, when the body
   * is JSON that is not in canonical form, that something may have re-serialized it.
   */
  private JwsRejection explainDetached(JwsRejection e, JwsEnvelope envelope, JwsPolicy policy) {
    Rejection rejection = e.rejection();
    if (!envelope.form().isDetached() || rejection.reason() != RejectionReason.SIGNATURE_INVALID) {
      return e;
    }

    String detail =
        rejection.detail()
            + " A detached JWS covers the exact bytes of the request body as received.";
    if (jsonPayloadCheck.differsFromCanonicalJson(envelope.payload(), policy)) {
      detail +=
          " The body is JSON that differs from its canonical form, so a proxy or a JSON library"
              + " may have re-serialized it (reordered members or changed whitespace) after it"
              + " was signed. Send the exact bytes that were signed.";
    }
    return new JwsRejection(rejection.reason(), detail);
  }

  /**
   * Returns the first signature made by the expected partner. Every signature was verified with its
   * registered key first, so a partner cannot pass off a document signed by another as its own.
   */
  private static VerifiedPart bindToPartner(List<VerifiedPart> verified, String expectedPartnerId)
      throws JwsRejection {
    if (expectedPartnerId == null) {
      return verified.getFirst();
    }
    for (VerifiedPart part : verified) {
      if (part.key().partnerId().equals(expectedPartnerId)) {
        return part;
      }
    }

    VerifiedPart first = verified.getFirst();
    throw new JwsRejection(
        RejectionReason.SIGNER_NOT_PARTNER,
        "The JWS is signed with "
            + describe(first.key())
            + " registered to partner '"
            + first.key().partnerId()
            + "', but it was sent by partner '"
            + expectedPartnerId
            + "'. Send only documents signed with a key registered to your own partner account.");
  }

  private void checkPayload(JwsEnvelope envelope, JwsPolicy policy) throws JwsRejection {
    byte[] payload = envelope.payload();
    if (payload.length > policy.maxPayloadBytes()) {
      throw new JwsRejection(
          RejectionReason.DOCUMENT_TOO_LARGE,
          "The JWS payload has "
              + payload.length
              + " bytes; the limit is "
              + policy.maxPayloadBytes()
              + " bytes.");
    }

    if (envelope.signatures().stream().anyMatch(JsonPayloadCheck::isJsonTyped)) {
      jsonPayloadCheck.check(payload, policy);
    }
  }

  private static VerifiedSignature verifiedSignature(
      JwsEnvelope envelope, VerifiedPart own, List<VerifiedPart> verified) {
    List<X509Certificate> cosigners = new ArrayList<>();
    for (VerifiedPart part : verified) {
      if (part != own && part.key() instanceof CandidateKey.SignerCertificate certificate) {
        cosigners.add(certificate.signer().certificate());
      }
    }

    boolean hmac = own.key() instanceof CandidateKey.HmacKey;
    X509Certificate signer = null;
    List<RevocationEvidence> signerRevocationEvidence = List.of();
    List<X509Certificate> signerChain = List.of();
    if (own.key() instanceof CandidateKey.SignerCertificate certificate) {
      signer = certificate.signer().certificate();
      signerRevocationEvidence = certificate.signer().revocationEvidence();
      signerChain = certificate.signer().chain();
    }
    return new VerifiedSignature(
        envelope.form().format(hmac),
        own.part().algorithm(),
        null,
        signer,
        own.key().partnerId(),
        own.part().signature().clone(),
        envelope.payload().clone(),
        cosigners,
        signerRevocationEvidence,
        signerChain);
  }

  static String describe(CandidateKey key) {
    return switch (key) {
      case CandidateKey.SignerCertificate certificate ->
          "the certificate ("
              + CertificateSummary.of(certificate.signer().certificate()).describe()
              + ")";
      case CandidateKey.HmacKey hmac ->
          hmac.key().keyId() == null ? "an HMAC key" : "HMAC key '" + hmac.key().keyId() + "'";
    };
  }

  /** Names the signature that failed when the JWS has several. */
  private static JwsRejection locate(JwsRejection e, int index, int count) {
    if (count == 1) {
      return e;
    }
    Rejection rejection = e.rejection();
    return new JwsRejection(
        rejection.reason(),
        "Signature " + (index + 1) + " of " + count + ": " + rejection.detail());
  }

  private static void requireArguments(
      String expectedPartnerId, SignerDirectory directory, JwsPolicy policy) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(policy, "policy");
  }
}
