package io.countersign.intake;

/**
 * A submitted document as received.
 *
 * @param body the exact request body
 * @param contentType the request's media type
 * @param detachedJws the {@code X-JWS-Signature} request header, or {@code null}
 */
record Submission(byte[] body, String contentType, SubmissionFormat format, String detachedJws) {}
