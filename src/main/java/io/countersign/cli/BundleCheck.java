package io.countersign.cli;

import java.util.Objects;

/**
 * One check of {@link BundleVerifier} with its result.
 *
 * @param name a stable name, for example {@code receipt-signature}
 * @param detail what was checked or why it failed, naming the values involved
 */
record BundleCheck(String name, Result result, String detail) {

  /** The result of a check. */
  enum Result {
    OK,
    FAILED,
    /** The check does not apply to this bundle, or needs an option that was not given. */
    SKIPPED
  }

  BundleCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(detail, "detail");
  }

  static BundleCheck ok(String name, String detail) {
    return new BundleCheck(name, Result.OK, detail);
  }

  static BundleCheck failed(String name, String detail) {
    return new BundleCheck(name, Result.FAILED, detail);
  }

  static BundleCheck skipped(String name, String detail) {
    return new BundleCheck(name, Result.SKIPPED, detail);
  }
}
