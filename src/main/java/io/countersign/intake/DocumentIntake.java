package io.countersign.intake;

import io.countersign.client.ClientIdentity;
import io.countersign.evidence.DerCertificates;
import io.countersign.evidence.DocumentContent;
import io.countersign.evidence.DocumentRecord;
import io.countersign.evidence.EvidenceStore;
import io.countersign.evidence.RevocationEvidenceRecord;
import io.countersign.partner.Partner;
import io.countersign.partner.PartnerRegistry;
import io.countersign.platform.RejectedException;
import io.countersign.platform.RejectionReason;
import io.countersign.receipt.ReceiptSigner;
import io.countersign.receipt.ReceiptWriter;
import io.countersign.signature.SignatureService;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.VerifiedSignature;
import io.countersign.signature.http.VerifiedRequest;
import io.countersign.trust.CertificateSummary;
import io.countersign.trust.RevocationEvidence;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The intake path of a signed document: verify its signature for the client's partner, recognise
 * a document sent before, store the new one with its evidence and signed receipt.
 *
 * <p>A document is acknowledged only after {@link EvidenceStore#insert} committed it; if the store
 * fails, the request is rejected with 503 and nothing is acknowledged.
 */
@ApplicationScoped
public class DocumentIntake {

  private static final Logger LOG = Logger.getLogger(DocumentIntake.class.getName());

  @Inject SignatureService signatures;
  @Inject PartnerRegistry partners;
  @Inject EvidenceStore store;
  @Inject ReceiptSigner receiptSigner;
  @Inject Clock clock;

  /** Accepts a signed document or throws {@link RejectedException} with the reason. */
  AcceptedDocument accept(Submission submission, ClientIdentity client) {
    VerifiedSignature signature = documentSignature(submission, client);
    String partnerId = partnerOf(client, signature);
    if (!client.isIdentified()) {
      requireWithinPartnerLimit(submission, partnerId);
    }
    String signatureKey = sha256(signature.signatureValue());

    Optional<DocumentRecord> original = findBySignature(signatureKey);
    if (original.isPresent()) {
      return new AcceptedDocument(original.get(), true);
    }
    DocumentContent content = submission.content();
    DocumentRecord document =
        newDocument(submission, content, client, partnerId, signature, signatureKey);
    return store(
        document, content, revocationEvidence(document.getId(), client, signature), signatureKey);
  }

  /**
   * Verifies the document's own signature; for an unsigned document, takes the request signature
   * in its place where the partner's policy allows that.
   */
  private VerifiedSignature documentSignature(Submission submission, ClientIdentity client) {
    if (submission.format() != SubmissionFormat.UNSIGNED) {
      return verified(verify(submission, client.partnerId()));
    }
    VerifiedRequest request = client.requestSignature();
    boolean allowed =
        request != null
            && partners
                .partner(client.partnerId())
                .map(partner -> !partner.authentication().requirePayloadSignature())
                .orElse(false);
    if (!allowed) {
      throw SubmissionFormat.unsigned(MediaType.valueOf(submission.contentType()));
    }
    return new VerifiedSignature(
        request.format(), request.algorithm(), null, null, request.partnerId(), request.signatureValue());
  }

  /**
   * Returns the partner of the document: the authenticated client's, or for a request that only
   * the document's signature identifies, the signer's, if that partner accepts such requests.
   */
  private String partnerOf(ClientIdentity client, VerifiedSignature signature) {
    if (client.isIdentified()) {
      return client.partnerId();
    }
    String signer = signature.signerPartnerId();
    boolean signatureOnly =
        partners.partner(signer).map(partner -> partner.authentication().signatureOnly()).orElse(false);
    if (!signatureOnly) {
      throw new RejectedException(
          RejectionReason.CLIENT_CERTIFICATE_MISSING,
          "The document is signed by partner '"
              + signer
              + "', which must authenticate with its client certificate or a request signature;"
              + " only signature-only partners may send without one.");
    }
    return signer;
  }

  /**
   * Applies the partner's own {@code maxDocumentBytes} to a document whose signature identified
   * the partner. The body was read under the server's limit, because the partner was not known
   * before.
   */
  private void requireWithinPartnerLimit(Submission submission, String partnerId) {
    OptionalLong maxBytes =
        partners.partner(partnerId).map(Partner::maxDocumentBytes).orElse(OptionalLong.empty());
    long size = submission.content().size();
    if (maxBytes.isPresent() && size > maxBytes.getAsLong()) {
      throw BodyReader.tooLarge(size + " bytes", partnerId, maxBytes.getAsLong());
    }
  }

  /** Verifies the document's signature for {@code partnerId}, or for any signer when null. */
  private VerificationOutcome verify(Submission submission, String partnerId) {
    return switch (submission.format()) {
      case XML -> verifyXml(submission.content(), partnerId);
      case JWS_COMPACT -> signatures.verifyJwsCompact(submission.bytes(), partnerId);
      case JWS_JSON -> signatures.verifyJwsJson(submission.bytes(), partnerId);
      case JWS_DETACHED ->
          signatures.verifyJwsDetached(submission.bytes(), submission.detachedJws(), partnerId);
      case UNSIGNED -> throw new IllegalStateException("An unsigned document has no signature");
    };
  }

  /** Verifies a document in memory with the DOM verifier, and one in a spool file as a stream. */
  private VerificationOutcome verifyXml(DocumentContent content, String partnerId) {
    return switch (content) {
      case DocumentContent.InMemory inMemory -> signatures.verifyXml(inMemory.bytes(), partnerId);
      case DocumentContent.InFile inFile -> signatures.verifyXml(inFile.file(), partnerId);
    };
  }

  private static VerifiedSignature verified(VerificationOutcome outcome) {
    return switch (outcome) {
      case VerificationOutcome.Verified verified -> verified.signature();
      case VerificationOutcome.Rejected rejected -> throw new RejectedException(rejected.rejection());
    };
  }

  private DocumentRecord newDocument(
      Submission submission,
      DocumentContent content,
      ClientIdentity client,
      String partnerId,
      VerifiedSignature signature,
      String signatureKey) {
    Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    DocumentRecord document =
        new DocumentRecord(UUID.randomUUID().toString(), partnerId, receivedAt);
    document.setContent(content, submission.contentType());
    document.setSignature(
        signature.format(), signature.algorithm(), signature.digestAlgorithm(), signatureKey);
    if (submission.format() == SubmissionFormat.UNSIGNED) {
      document.setRequestSigner(client.requestSignature().nonRepudiation());
    } else if (signature.signer() == null) {
      document.setSharedKeySigner();
    } else {
      CertificateSummary signer = CertificateSummary.of(signature.signer());
      document.setSigner(signer.subject(), signer.issuer(), signer.serialNumber(), signer.sha256());
    }
    if (!signature.cosigners().isEmpty()) {
      document.setCosigners(ReceiptWriter.cosigners(signature.cosigners()));
    }
    CertificateSummary tls = client.summary();
    if (tls == null) {
      document.setClient(null, null, null, null, client.source());
    } else {
      document.setClient(
          tls.subject(), tls.issuer(), tls.serialNumber(), tls.sha256(), client.source());
    }
    if (client.requestSignature() != null) {
      document.setRequestSignature(ReceiptWriter.requestSignature(client.requestSignature()));
    }
    keepCertificates(document, submission, client, signature);

    byte[] receipt = ReceiptWriter.write(document);
    document.setReceipt(receipt, receiptSigner.sign(receipt));
    return document;
  }

  /**
   * Stores the certificates behind the summaries, and a detached JWS, so that an evidence bundle
   * can be verified offline.
   */
  private static void keepCertificates(
      DocumentRecord document,
      Submission submission,
      ClientIdentity client,
      VerifiedSignature signature) {
    document.setCertificates(
        signature.signer() == null ? null : DerCertificates.der(signature.signer()),
        DerCertificates.encode(signature.signerChain()),
        DerCertificates.encode(signature.cosigners()),
        client.certificate() == null ? null : DerCertificates.der(client.certificate()));
    if (submission.format() == SubmissionFormat.JWS_DETACHED) {
      document.setDetachedSignature(submission.detachedJws().getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static List<RevocationEvidenceRecord> revocationEvidence(
      String documentId, ClientIdentity client, VerifiedSignature signature) {
    List<RevocationEvidenceRecord> records = new ArrayList<>();
    for (RevocationEvidence evidence : client.revocationEvidence()) {
      records.add(new RevocationEvidenceRecord(documentId, RevocationEvidenceRecord.Role.TLS, evidence));
    }
    for (RevocationEvidence evidence : signature.signerRevocationEvidence()) {
      records.add(
          new RevocationEvidenceRecord(documentId, RevocationEvidenceRecord.Role.SIGNER, evidence));
    }
    return records;
  }

  /** Inserts the document; if a concurrent request stored the same signature, returns that one. */
  private AcceptedDocument store(
      DocumentRecord document,
      DocumentContent content,
      List<RevocationEvidenceRecord> evidence,
      String signatureKey) {
    try {
      store.insert(document, content, evidence);
      return new AcceptedDocument(document, false);
    } catch (EJBException insertFailure) {
      Optional<DocumentRecord> original = findBySignature(signatureKey);
      if (original.isPresent()) {
        return new AcceptedDocument(original.get(), true);
      }
      LOG.log(Level.SEVERE, "Storing document " + document.getId() + " failed", insertFailure);
      throw storeUnavailable();
    }
  }

  private Optional<DocumentRecord> findBySignature(String signatureKey) {
    try {
      return store.findBySignature(signatureKey);
    } catch (EJBException e) {
      LOG.log(Level.SEVERE, "Evidence store query failed", e);
      throw storeUnavailable();
    }
  }

  private static RejectedException storeUnavailable() {
    return new RejectedException(
        RejectionReason.STORE_UNAVAILABLE,
        "The document could not be stored, so it was not accepted. Send it again later.");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
