package io.countersign.signature.jws;

/** The serializations that {@link JwsVerifier} accepts, with their names in results. */
enum JwsForm {
  COMPACT("jws-compact"),
  JSON("jws-json"),
  DETACHED("jws-detached"),
  DETACHED_UNENCODED("jws-detached-unencoded");

  private static final String HMAC_SUFFIX = "-hmac";

  private final String format;

  JwsForm(String format) {
    this.format = format;
  }

  /** Returns the format name, with the suffix that marks an HMAC signature when {@code hmac}. */
  String format(boolean hmac) {
    return hmac ? format + HMAC_SUFFIX : format;
  }

  boolean isDetached() {
    return this == DETACHED || this == DETACHED_UNENCODED;
  }
}
