package io.countersign.cli;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A receipt that passed every check of {@link ReceiptVerifier}. Only the verifier creates it, so
 * code that receives one cannot have skipped a check.
 */
public final class VerifiedReceipt {

  private final byte[] body;
  private final Map<String, Object> fields;
  private final String documentId;
  private final String partner;
  private final Instant receivedAt;
  private final String sha256;
  private final JWSAlgorithm algorithm;
  private final List<X509Certificate> chain;

  VerifiedReceipt(
      byte[] body,
      Map<String, Object> fields,
      Instant receivedAt,
      JWSAlgorithm algorithm,
      List<X509Certificate> chain) {
    this.body = body.clone();
    this.fields = Collections.unmodifiableMap(fields);
    this.documentId = (String) fields.get("documentId");
    this.partner = (String) fields.get("partner");
    this.receivedAt = receivedAt;
    this.sha256 = (String) fields.get("sha256");
    this.algorithm = algorithm;
    this.chain = List.copyOf(chain);
  }

  /** Returns a copy of the exact signed bytes of the receipt. */
  public byte[] body() {
    return body.clone();
  }

  /** Returns all fields of the receipt JSON, as parsed by Nimbus' {@code JSONObjectUtils}. */
  public Map<String, Object> fields() {
    return fields;
  }

  public String documentId() {
    return documentId;
  }

  /** Returns the id of the partner whose TLS client sent the document. */
  public String partner() {
    return partner;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  /** Returns the SHA-256 of the received document in lower-case hexadecimal. */
  public String sha256() {
    return sha256;
  }

  /** Returns the JWS algorithm of the receipt's signature, for example ES256. */
  public JWSAlgorithm algorithm() {
    return algorithm;
  }

  /** Returns the certificate whose key verified the signature, the first of the chain. */
  public X509Certificate signer() {
    return chain.getFirst();
  }

  /** Returns the {@code x5c} chain as sent, signing certificate first. */
  public List<X509Certificate> chain() {
    return chain;
  }
}
