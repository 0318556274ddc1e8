/**
 * Signing and verification of enveloped XML Signatures over whole UBL documents, plain or
 * XAdES-BES/-EPES, built on Apache Santuario. The verifier trusts only the signer directory and its
 * policy: certificates carried in a signature select a registration but are never used to verify.
 */
package io.countersign.signature.xml;
