package io.countersign.trust;

import java.util.List;

/** Names of the CRLReason codes (RFC 5280 5.3.1), which OCSP uses too (RFC 6960 4.2.1). */
final class RevocationReasons {

  private static final List<String> NAMES =
      List.of(
          "unspecified",
          "keyCompromise",
          "cACompromise",
          "affiliationChanged",
          "superseded",
          "cessationOfOperation",
          "certificateHold",
          "unused value 7",
          "removeFromCRL",
          "privilegeWithdrawn",
          "aACompromise");

  private RevocationReasons() {}

  /** Returns the name of a reason code, for details and logs. */
  static String name(int code) {
    return code >= 0 && code < NAMES.size() ? NAMES.get(code) : "reason code " + code;
  }
}
