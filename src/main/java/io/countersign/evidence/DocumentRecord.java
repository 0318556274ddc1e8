package io.countersign.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An accepted document: the size and SHA-256 of the exact bytes received, the evidence of its
 * verification and the signed receipt that acknowledged it. The bytes themselves are in the {@code
 * document_content} table, which {@link EvidenceStore} writes and reads in chunks. Rows are only
 * ever inserted, and their chain link is set in the transaction that inserts them.
 */
@Entity
@Table(name = "document")
@NamedQuery(
    name = DocumentRecord.FIND_BY_SIGNATURE,
    query = "SELECT d FROM DocumentRecord d WHERE d.signatureValueSha256 = :signatureValueSha256")
public class DocumentRecord {

  static final String FIND_BY_SIGNATURE = "DocumentRecord.findBySignature";

  @Id private String id;

  @Column(name = "partner_id", nullable = false)
  private String partnerId;

  // OffsetDateTime, because EclipseLink 5 cannot read an Instant back from TIMESTAMP WITH TIME ZONE.
  @Column(name = "received_at", nullable = false)
  private OffsetDateTime receivedAt;

  @Column(name = "content_type", nullable = false)
  private String contentType;

  @Column(name = "size_bytes", nullable = false)
  private long size;

  @Column(nullable = false)
  private String sha256;

  @Column(name = "signature_format", nullable = false)
  private String signatureFormat;

  @Column(name = "signature_algorithm", nullable = false)
  private String signatureAlgorithm;

  @Column(name = "digest_algorithm")
  private String digestAlgorithm;

  @Column(name = "signature_value_sha256", nullable = false)
  private String signatureValueSha256;

  @Column(name = "signer_subject")
  private String signerSubject;

  @Column(name = "signer_issuer")
  private String signerIssuer;

  @Column(name = "signer_serial")
  private String signerSerial;

  @Column(name = "signer_sha256")
  private String signerSha256;

  @Column(name = "non_repudiation", nullable = false)
  private boolean nonRepudiation = true;

  @Column(name = "cosigners")
  private String cosigners;

  @Column(name = "client_subject")
  private String clientSubject;

  @Column(name = "client_issuer")
  private String clientIssuer;

  @Column(name = "client_serial")
  private String clientSerial;

  @Column(name = "client_sha256")
  private String clientSha256;

  @Column(name = "request_signature")
  private String requestSignature;

  @Column(name = "client_source", nullable = false)
  private String clientSource;

  @Column(nullable = false)
  private byte[] receipt;

  @Column(name = "receipt_signature", nullable = false)
  private String receiptSignature;

  @Column(name = "signer_certificate")
  private byte[] signerCertificate;

  @Column(name = "signer_chain")
  private byte[] signerChain;

  @Column(name = "cosigner_certificates")
  private byte[] cosignerCertificates;

  @Column(name = "client_certificate")
  private byte[] clientCertificate;

  @Column(name = "detached_signature")
  private byte[] detachedSignature;
  // Null for documents stored before the evidence chain began.
  @Column(name = "chain_sequence")
  private Long chainSequence;

  @Column(name = "previous_hash")
  private String previousHash;

  @Column(name = "record_hash")
  private String recordHash;

  protected DocumentRecord() {}

  public DocumentRecord(String id, String partnerId, Instant receivedAt) {
    this.id = id;
    this.partnerId = partnerId;
    this.receivedAt = receivedAt.atOffset(ZoneOffset.UTC);
  }

  public String getId() {
    return id;
  }

  public String getPartnerId() {
    return partnerId;
  }

  public Instant getReceivedAt() {
    return receivedAt.toInstant();
  }

  public String getContentType() {
    return contentType;
  }

  public long getSize() {
    return size;
  }

  public String getSha256() {
    return sha256;
  }

  /**
   * Sets the media type of the received bytes and takes their size and SHA-256 from {@code
   * content}. The record does not keep the bytes: {@link EvidenceStore#insert} stores them.
   */
  public void setContent(DocumentContent content, String contentType) {
    this.contentType = contentType;
    this.size = content.size();
    this.sha256 = content.sha256();
  }

  public String getSignatureFormat() {
    return signatureFormat;
  }

  public String getSignatureAlgorithm() {
    return signatureAlgorithm;
  }

  public String getDigestAlgorithm() {
    return digestAlgorithm;
  }

  public String getSignatureValueSha256() {
    return signatureValueSha256;
  }

  public void setSignature(
      String format, String algorithm, String digestAlgorithm, String signatureValueSha256) {
    this.signatureFormat = format;
    this.signatureAlgorithm = algorithm;
    this.digestAlgorithm = digestAlgorithm;
    this.signatureValueSha256 = signatureValueSha256;
  }

  public String getSignerSubject() {
    return signerSubject;
  }

  public String getSignerIssuer() {
    return signerIssuer;
  }

  public String getSignerSerial() {
    return signerSerial;
  }

  public String getSignerSha256() {
    return signerSha256;
  }

  public void setSigner(String subject, String issuer, String serial, String sha256) {
    this.signerSubject = subject;
    this.signerIssuer = issuer;
    this.signerSerial = serial;
    this.signerSha256 = sha256;
  }

  /**
   * Records a signature made with a key that Countersign shares (HMAC): no signer certificate, and
   * no non-repudiation towards third parties.
   */
  public void setSharedKeySigner() {
    setSigner(null, null, null, null);
    this.nonRepudiation = false;
  }

  public boolean isNonRepudiation() {
    return nonRepudiation;
  }

  /** Returns the cosigners' certificates as a JSON array, or {@code null} if there are none. */
  public String getCosigners() {
    return cosigners;
  }

  public void setCosigners(String cosignersJson) {
    this.cosigners = cosignersJson;
  }

  public String getClientSubject() {
    return clientSubject;
  }

  public String getClientIssuer() {
    return clientIssuer;
  }

  public String getClientSerial() {
    return clientSerial;
  }

  public String getClientSha256() {
    return clientSha256;
  }

  public String getClientSource() {
    return clientSource;
  }

  public void setClient(String subject, String issuer, String serial, String sha256, String source) {
    this.clientSubject = subject;
    this.clientIssuer = issuer;
    this.clientSerial = serial;
    this.clientSha256 = sha256;
    this.clientSource = source;
  }

  /** Returns the verified request signature as JSON, or {@code null} without one. */
  public String getRequestSignature() {
    return requestSignature;
  }

  public void setRequestSignature(String requestSignatureJson) {
    this.requestSignature = requestSignatureJson;
  }

  /**
   * Records that the request signature is the only signature of an unsigned document, so the
   * document has non-repudiation only if an asymmetric key made the request signature.
   */
  public void setRequestSigner(boolean nonRepudiation) {
    setSigner(null, null, null, null);
    this.nonRepudiation = nonRepudiation;
  }

  public byte[] getReceipt() {
    return receipt;
  }

  public String getReceiptSignature() {
    return receiptSignature;
  }

  /** Sets the exact receipt bytes and their detached JWS in compact serialization. */
  public void setReceipt(byte[] receipt, String receiptSignature) {
    this.receipt = receipt;
    this.receiptSignature = receiptSignature;
  }

  /**
   * Returns the DER encoding of the signer certificate, or {@code null} for a document without one
   * or stored before certificates were kept.
   */
  public byte[] getSignerCertificate() {
    return signerCertificate;
  }

  /**
   * Returns the DER encodings, one after another, of the CA certificates above the signer on its
   * validated path, or {@code null} when none were kept, as for a pinned certificate.
   */
  public byte[] getSignerChain() {
    return signerChain;
  }

  /** Returns the cosigners' DER-encoded certificates one after another, or {@code null}. */
  public byte[] getCosignerCertificates() {
    return cosignerCertificates;
  }

  /** Returns the DER encoding of the TLS client certificate, or {@code null} without one. */
  public byte[] getClientCertificate() {
    return clientCertificate;
  }

  /**
   * Sets the DER-encoded certificates behind the signer, cosigner and client summaries. An
   * argument with several certificates concatenates their encodings, and any may be {@code null}.
   */
  public void setCertificates(
      byte[] signer, byte[] signerChain, byte[] cosigners, byte[] client) {
    this.signerCertificate = signer;
    this.signerChain = signerChain;
    this.cosignerCertificates = cosigners;
    this.clientCertificate = client;
  }

  /** Returns the document's detached JWS as ASCII bytes, or {@code null} if it was not detached. */
  public byte[] getDetachedSignature() {
    return detachedSignature;
  }

  public void setDetachedSignature(byte[] detachedJws) {
    this.detachedSignature = detachedJws;
  }

  /** Returns the document's position in the evidence chain, or null if it is outside it. */
  public Long getChainSequence() {
    return chainSequence;
  }

  public String getPreviousHash() {
    return previousHash;
  }

  public String getRecordHash() {
    return recordHash;
  }

  /** Sets the evidence chain link; see {@link EvidenceChain#recordHash}. */
  void setChainLink(long sequence, String previousHash, String recordHash) {
    this.chainSequence = sequence;
    this.previousHash = previousHash;
    this.recordHash = recordHash;
  }
}
