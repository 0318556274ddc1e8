package io.countersign.signature.jws;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.countersign.platform.RejectionReason;
import java.text.ParseException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the header parameters of a signature before any key is used: the algorithm, key URLs, and
 * the critical parameters together with {@code b64}.
 */
final class HeaderRules {

  /**
   * The critical parameters that the verifier understands: {@code b64}, which Nimbus processes (RFC
   * 7797), and {@code iat}, which {@link IssuedAtCheck} checks whenever it is present.
   */
  static final Set<String> UNDERSTOOD_CRITICAL = Set.of("b64", "iat");

  /** The understood critical parameters that Nimbus verifiers leave to this package to check. */
  static final Set<String> DEFERRED_CRITICAL = Set.of("iat");

  /**
   * The header parameters that RFC 7515 section 4.1 and RFC 7518 define for JWS, which section
   * 4.1.11 forbids in {@code crit}.
   */
  private static final Set<String> REGISTERED =
      Set.of("alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit");

  /** Parameters that must be integrity protected (RFC 7515 section 4.1.11, RFC 7797 section 3). */
  private static final Set<String> PROTECTED_ONLY = Set.of("crit", "b64");

  private static final Set<String> KEY_URLS = Set.of("jku", "x5u");

  private HeaderRules() {}

  static void check(SignedPart part, JwsPolicy policy) throws JwsRejection {
    checkAlgorithm(part, policy);
    rejectKeyUrls(part);
    requireProtected(part);
    checkCritical(part.header());
  }

  private static void checkAlgorithm(SignedPart part, JwsPolicy policy) throws JwsRejection {
    String algorithm = part.algorithm();
    if (!policy.algorithms().contains(algorithm)) {
      throw new JwsRejection(
          RejectionReason.ALGORITHM_NOT_ALLOWED,
          "The JWS algorithm '"
              + algorithm
              + "' is not allowed. Use one of: "
              + String.join(", ", new TreeSet<>(policy.algorithms()))
              + ".");
    }
  }

  /** Rejects key URLs, which would never be fetched, so that no partner relies on them. */
  private static void rejectKeyUrls(SignedPart part) throws JwsRejection {
    for (String name : new TreeSet<>(KEY_URLS)) {
      if (part.parameter(name) != null) {
        throw new JwsRejection(
            RejectionReason.KEY_URL_NOT_ALLOWED,
            "The JWS header contains '"
                + name
                + "', but keys are never fetched: only certificates registered to the partner"
                + " verify. Remove '"
                + name
                + "' and identify the certificate with kid, x5t#S256 or x5c.");
      }
    }
  }

  private static void requireProtected(SignedPart part) throws JwsRejection {
    if (part.unprotected() == null) {
      return;
    }
    for (String name : new TreeSet<>(PROTECTED_ONLY)) {
      if (part.unprotected().getParam(name) != null) {
        throw critical(
            "The unprotected header contains '"
                + name
                + "', which must be integrity protected. Move it to the protected header.");
      }
    }
  }

  /**
   * Checks {@code crit} as RFC 7515 section 4.1.11 requires: a non-empty list of parameters that
   * are present in the protected header, not defined by RFC 7515 or 7518, and understood here. RFC
   * 7797 section 6 adds that {@code b64} must be listed whenever it is present.
   */
  private static void checkCritical(JWSHeader header) throws JwsRejection {
    Set<String> critical = header.getCriticalParams();
    Set<String> included = protectedNames(header);
    if (critical == null) {
      if (included.contains("b64")) {
        throw critical(
            "The protected header contains b64 but its crit list does not name it, as RFC 7797"
                + " section 6 requires. Add \"crit\":[\"b64\"].");
      }
      return;
    }

    if (critical.isEmpty()) {
      throw critical("The crit list is empty. Remove crit or list the critical parameters.");
    }
    for (String name : new TreeSet<>(critical)) {
      checkCriticalName(name, included);
    }
  }

  /**
   * Returns the parameter names of the protected header as sent. Nimbus leaves {@code b64} out of
   * {@link JWSHeader#getIncludedParams()} when it is true, so the names are read from the JSON.
   */
  private static Set<String> protectedNames(JWSHeader header) throws JwsRejection {
    Base64URL encoded = header.getParsedBase64URL();
    if (encoded == null) {
      return header.getIncludedParams();
    }
    try {
      return JSONObjectUtils.parse(encoded.decodeToString()).keySet();
    } catch (ParseException e) {
      // Unreachable: Nimbus parsed the same JSON into the header already.
      throw JwsParser.malformed("The protected header is not a JSON object.");
    }
  }

  private static void checkCriticalName(String name, Set<String> included) throws JwsRejection {
    if (REGISTERED.contains(name)) {
      throw critical(
          "The crit list names '"
              + name
              + "', a parameter defined by RFC 7515 or RFC 7518, which crit must not list. Remove"
              + " it from crit.");
    }
    if (!UNDERSTOOD_CRITICAL.contains(name)) {
      throw critical(
          "The crit list names '"
              + name
              + "', which Countersign does not understand. Only "
              + String.join(" and ", new TreeSet<>(UNDERSTOOD_CRITICAL))
              + " may be critical.");
    }
    if (!included.contains(name)) {
      throw critical(
          "The crit list names '"
              + name
              + "', but the protected header does not contain it. List only parameters that are"
              + " present.");
    }
  }

  private static JwsRejection critical(String detail) {
    return new JwsRejection(RejectionReason.CRITICAL_HEADER_UNSUPPORTED, detail);
  }
}
