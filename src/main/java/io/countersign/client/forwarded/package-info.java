/**
 * Client certificates that an edge proxy forwards in a request header after it terminated the
 * partner's mutual TLS.
 *
 * <p>A forwarded certificate is only as trustworthy as the proxy that sent it, so a header is read
 * only from a peer address in {@link io.countersign.client.forwarded.TrustedProxies}; from any
 * other peer it is ignored. The proxy is trusted to have checked the partner's possession of the
 * private key in its TLS handshake and to have removed any copy of the header that the client
 * sent. This package parses the certificate and nothing more: which partner it identifies is
 * decided by the partner registry, exactly as for the container's own TLS.
 */
package io.countersign.client.forwarded;
