package io.countersign.intake;

import io.countersign.evidence.DocumentContent;

/**
 * A submitted document as received.
 *
 * @param content the exact request body, in memory or, for a large XML document, in a spool file
 * @param contentType the request's media type
 * @param detachedJws the {@code X-JWS-Signature} request header, or {@code null}
 */
record Submission(
    DocumentContent content, String contentType, SubmissionFormat format, String detachedJws) {

  /**
   * Returns the body of a submission held in memory, which is every one but an XML document above
   * the streaming threshold.
   */
  byte[] bytes() {
    if (content instanceof DocumentContent.InMemory inMemory) {
      return inMemory.bytes();
    }
    throw new IllegalStateException(
        "The " + format + " document is in a spool file; only XML documents are spooled");
  }
}
