package io.countersign.client.forwarded;

/**
 * A forwarded certificate header that cannot be parsed. Used only inside this package, where
 * {@link ForwardedCertificateExtractor} turns it into a {@code Malformed} outcome.
 */
final class MalformedHeaderException extends Exception {

  /**
   * @param problem what is wrong with the value, as a sentence fragment such as {@code "the value
   *     is empty"}, without the value itself
   */
  MalformedHeaderException(String problem) {
    super(problem, null, false, false);
  }

  MalformedHeaderException(String problem, Throwable cause) {
    super(problem, cause, false, false);
  }
}
