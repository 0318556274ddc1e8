/**
 * Verification of JWS (RFC 7515) signed JSON documents in compact, JSON and detached form, built on
 * Nimbus JOSE+JWT. The verifier trusts only the signer directory and its policy: {@code kid},
 * {@code x5t#S256} and {@code x5c} select a registration but are never used to verify, and nothing
 * is fetched.
 */
package io.countersign.signature.jws;
