package io.countersign.bundle;

/** A bundle that cannot be read as a zip within the reader's limits. */
public final class InvalidBundleException extends Exception {

  public InvalidBundleException(String message) {
    super(message);
  }
}
