/**
 * Certificate path validation and revocation checking for partner certificates.
 *
 * <p>A partner's certificate is trusted only through a path that the JDK's PKIX implementation
 * builds and validates to one of that partner's own trust anchors. Certificates that a signature or
 * a TLS handshake carries are only candidates for the path. Revocation status comes from OCSP
 * responses and CRLs that are signed by the issuer of the certificate in question (or, for OCSP, by
 * a responder the issuer authorized).
 */
package io.countersign.trust;
