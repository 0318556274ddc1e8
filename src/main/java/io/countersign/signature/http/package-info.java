/**
 * Verification of signed HTTP requests from partners that cannot use mutual TLS: an HMAC over a
 * fixed signing string ({@link io.countersign.signature.http.HmacRequestVerifier}) and RFC 9421
 * HTTP Message Signatures with an RFC 9530 Content-Digest ({@link
 * io.countersign.signature.http.HttpMessageSignatureVerifier}).
 *
 * <p>The verifiers trust only the registered keys that their key source returns, their clock and
 * the {@link io.countersign.signature.http.HttpRequestView} that the caller builds. Everything in
 * the request, including key ids and algorithm names, is untrusted input. The caller must build the
 * view from the request as the client sent it, in particular the target URI before any proxy
 * rewrote it.
 */
package io.countersign.signature.http;
