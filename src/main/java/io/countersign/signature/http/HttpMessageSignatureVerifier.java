package io.countersign.signature.http;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.http.StructuredFieldParser.ParseException;
import io.countersign.signature.http.StructuredFields.Item;
import io.countersign.signature.http.StructuredFields.Member;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies RFC 9421 HTTP Message Signatures on requests, together with the RFC 9530
 * Content-Digest of the body.
 *
 * <p>A {@code Verified} outcome guarantees that one signature in the Signature-Input and Signature
 * fields:
 *
 * <ul>
 *   <li>covers at least the components of the {@link HttpSignaturePolicy}, by default {@code
 *       @method}, {@code @target-uri} and {@code content-digest}, and has the {@code created} and
 *       {@code keyid} parameters;
 *   <li>names with {@code keyid} a key from the key source that is active now, and its {@code
 *       alg} parameter, when present, is that key's algorithm;
 *   <li>was created no later than the maximum clock skew from now and no earlier than the maximum
 *       age ago, and its {@code expires}, when present, has not passed;
 *   <li>verifies with that key over the signature base built as RFC 9421 section 2.5 prescribes;
 *   <li>was not accepted before within its lifetime;
 * </ul>
 *
 * <p>and that every sha-256 and sha-512 digest in Content-Digest matches the exact body bytes.
 *
 * <p>When the request carries several signatures, each is checked in the order of Signature-Input
 * and the first that passes every check is returned. If none passes, the rejection of the first is
 * returned. Instances are thread-safe.
 */
public final class HttpMessageSignatureVerifier {

  static final String FORMAT = "http-message-signature";
  static final String SIGNATURE_INPUT = "signature-input";
  static final String SIGNATURE = "signature";

  private final HttpSignatureKeySource keys;
  private final Clock clock;
  private final HttpSignaturePolicy policy;
  private final ReplayCache replayCache;

  /** Creates a verifier with {@link HttpSignaturePolicy#defaults()}. */
  public HttpMessageSignatureVerifier(HttpSignatureKeySource keys, Clock clock) {
    this(keys, clock, HttpSignaturePolicy.defaults());
  }

  public HttpMessageSignatureVerifier(
      HttpSignatureKeySource keys, Clock clock, HttpSignaturePolicy policy) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.replayCache = new ReplayCache(policy.replayCacheCapacity());
  }

  /**
   * Verifies the request's signatures. Every bad input ends as a {@code Rejected} outcome.
   *
   * @throws IllegalStateException if the replay cache is full
   */
  public RequestVerificationOutcome verify(HttpRequestView request) {
    Objects.requireNonNull(request, "request");
    Instant now = clock.instant();

    try {
      Map<String, Member> inputs = parseField(request, SIGNATURE_INPUT, "Signature-Input");
      Map<String, Member> signatures = parseField(request, SIGNATURE, "Signature");
      Rejection firstRejection = null;
      for (Map.Entry<String, Member> input : inputs.entrySet()) {
        try {
          VerifiedRequest verified = verifySignature(input, signatures, request, now);
          return new RequestVerificationOutcome.Verified(verified);
        } catch (RequestRejection e) {
          firstRejection = firstRejection == null ? e.rejection() : firstRejection;
        }
      }
      return new RequestVerificationOutcome.Rejected(firstRejection);
    } catch (RequestRejection e) {
      return new RequestVerificationOutcome.Rejected(e.rejection());
    }
  }

  private VerifiedRequest verifySignature(
      Map.Entry<String, Member> member,
      Map<String, Member> signatures,
      HttpRequestView request,
      Instant now)
      throws RequestRejection {
    SignatureInput input = SignatureInput.of(member.getKey(), member.getValue());
    byte[] signature = signatureValue(input.label(), signatures);
    checkCoverage(input);

    HttpSignatureKey key = resolveKey(input, now);
    checkAlgorithm(input, key);
    checkTimes(input, now);

    byte[] base = SignatureBase.create(input, request);
    if (!key.algorithm().verify(key.key(), base, signature)) {
      throw new RequestRejection(
          RejectionReason.REQUEST_SIGNATURE_INVALID,
          "Signature '"
              + input.label()
              + "' does not verify with key '"
              + key.keyId()
              + "'. Check the signature base (RFC 9421 section 2.5) and the key.");
    }
    // The signature covers only the Content-Digest field, so the body is protected only if it
    // matches.
    ContentDigest.verify(request);

    checkReplay(input, signature, now);
    return verifiedRequest(input, key, signature);
  }

  private static Map<String, Member> parseField(
      HttpRequestView request, String name, String displayName) throws RequestRejection {
    String value =
        request
            .combinedField(name)
            .orElseThrow(
                () ->
                    new RequestRejection(
                        RejectionReason.REQUEST_SIGNATURE_MISSING,
                        "The "
                            + displayName
                            + " header is missing. Sign the request as RFC 9421 describes."));
    try {
      Map<String, Member> dictionary = StructuredFieldParser.parseDictionary(value);
      if (dictionary.isEmpty()) {
        throw new ParseException("no members");
      }
      return dictionary;
    } catch (ParseException e) {
      throw new RequestRejection(
          RejectionReason.REQUEST_SIGNATURE_MALFORMED,
          "The "
              + displayName
              + " header is not a structured field dictionary (RFC 8941): "
              + e.getMessage()
              + ".");
    }
  }

  private static byte[] signatureValue(String label, Map<String, Member> signatures)
      throws RequestRejection {
    Member member = signatures.get(label);
    if (member == null) {
      throw new RequestRejection(
          RejectionReason.REQUEST_SIGNATURE_MISSING,
          "The Signature header has no member '"
              + label
              + "' for the Signature-Input of that"
              + " label.");
    }
    if (member instanceof Item item && item.value() instanceof byte[] bytes) {
      return bytes;
    }
    throw new RequestRejection(
        RejectionReason.REQUEST_SIGNATURE_MALFORMED,
        "The Signature member '" + label + "' is not a byte sequence (:BASE64:).");
  }

  private void checkCoverage(SignatureInput input) throws RequestRejection {
    Set<String> missing = new TreeSet<>(policy.requiredComponents());
    missing.removeAll(input.componentNames());
    if (!missing.isEmpty()) {
      throw new RequestRejection(
          RejectionReason.COVERED_COMPONENTS_INSUFFICIENT,
          "Signature '" + input.label() + "' does not cover " + missing + ". Cover them all.");
    }
  }

  private HttpSignatureKey resolveKey(SignatureInput input, Instant now) throws RequestRejection {
    HttpSignatureKey key =
        keys.findByKeyId(input.keyId())
            .orElseThrow(
                () ->
                    new RequestRejection(
                        RejectionReason.REQUEST_KEY_UNKNOWN,
                        "No key is registered under keyid '" + input.keyId() + "'."));
    if (!key.isActiveAt(now)) {
      throw new RequestRejection(
          RejectionReason.REQUEST_KEY_NOT_ACTIVE,
          "Key '"
              + key.keyId()
              + "' is accepted only from "
              + boundary(key.notBefore())
              + " until "
              + boundary(key.notAfter())
              + ". Sign with the partner's current key.");
    }
    return key;
  }

  /** Checks that a stated algorithm is the key's algorithm, as RFC 9421 section 3.2 requires. */
  private static void checkAlgorithm(SignatureInput input, HttpSignatureKey key)
      throws RequestRejection {
    String expected = key.algorithm().identifier();
    if (input.algorithm() != null && !input.algorithm().equals(expected)) {
      throw new RequestRejection(
          RejectionReason.ALGORITHM_NOT_ALLOWED,
          "Signature '"
              + input.label()
              + "' states alg '"
              + input.algorithm()
              + "', but key '"
              + key.keyId()
              + "' is registered for "
              + expected
              + ".");
    }
  }

  private void checkTimes(SignatureInput input, Instant now) throws RequestRejection {
    if (input.created().isAfter(now.plus(policy.maxClockSkew()))) {
      throw new RequestRejection(
          RejectionReason.REQUEST_TIMESTAMP_OUT_OF_WINDOW,
          "Signature '"
              + input.label()
              + "' was created at "
              + input.created()
              + ", in the future of the server time "
              + now
              + ". Sign with a synchronized clock.");
    }
    if (now.isAfter(input.created().plus(policy.maxAge()))) {
      throw expired(input, "is older than " + policy.maxAge().toSeconds() + " seconds", now);
    }
    if (input.expires() != null && now.isAfter(input.expires())) {
      throw expired(input, "expired at " + input.expires(), now);
    }
  }

  private static RequestRejection expired(SignatureInput input, String problem, Instant now) {
    return new RequestRejection(
        RejectionReason.REQUEST_SIGNATURE_EXPIRED,
        "Signature '"
            + input.label()
            + "' "
            + problem
            + " (server time "
            + now
            + "). Sign the request again.");
  }

  /** Keeps the signature until the last instant {@link #checkTimes} would accept it. */
  private void checkReplay(SignatureInput input, byte[] signature, Instant now)
      throws RequestRejection {
    Instant lastAccepted = input.created().plus(policy.maxAge());
    if (input.expires() != null && input.expires().isBefore(lastAccepted)) {
      lastAccepted = input.expires();
    }
    if (!replayCache.recordFirstUse(List.of(signature), now, lastAccepted)) {
      throw new RequestRejection(
          RejectionReason.REQUEST_REPLAYED,
          "Signature '" + input.label() + "' was already accepted. Sign every request anew.");
    }
  }

  private static VerifiedRequest verifiedRequest(
      SignatureInput input, HttpSignatureKey key, byte[] signature) {
    return new VerifiedRequest(
        FORMAT,
        key.algorithm().identifier(),
        key.partnerId(),
        key.keyId(),
        input.created(),
        input.coveredComponents(),
        key.algorithm().isAsymmetric(),
        signature);
  }

  private static String boundary(Instant instant) {
    return instant == null ? "unbounded" : instant.toString();
  }
}
