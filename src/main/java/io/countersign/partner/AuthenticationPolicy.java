package io.countersign.partner;

/**
 * The ways in which a partner may authenticate besides mutual TLS.
 *
 * @param signatureOnly whether a request without any client credential is accepted when the
 *     document's own signature identifies this partner; for edges that forward no certificate
 * @param requirePayloadSignature whether a request authenticated by an HMAC or an HTTP Message
 *     Signature must also carry a signed document (XML Signature or JWS). When false, an unsigned
 *     document is accepted on the strength of the request signature alone.
 */
public record AuthenticationPolicy(boolean signatureOnly, boolean requirePayloadSignature) {

  /** Mutual TLS or a request signature identifies the partner, and documents are always signed. */
  public static final AuthenticationPolicy DEFAULT = new AuthenticationPolicy(false, true);
}
