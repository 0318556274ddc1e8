package io.countersign.evidence;

import io.countersign.bundle.BundleEntry;
import io.countersign.bundle.BundleLayout;
import io.countersign.bundle.SignatureForm;
import io.countersign.pki.PemFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Assembles the evidence bundle of a stored document (see {@link BundleLayout}): the document as
 * received, its receipt and JWS, the verification report, the certificates, the stored revocation
 * evidence and, where the schema has it, the document's place in the hash chain.
 */
@ApplicationScoped
public class EvidenceBundleAssembler {

  @Inject EvidenceStore store;
  @Inject ChainEvidence chain;
  @Inject StoredContentReader content;

  /**
   * Returns the entries of the bundle of {@code document}, for {@link
   * io.countersign.bundle.BundleWriter#write(List, java.io.OutputStream)}. Everything but the
   * document is read now. The document entry reads the stored content chunk by chunk while the
   * bundle is written, so a large document is never held in memory.
   */
  public List<BundleEntry> entries(DocumentRecord document) {
    Optional<ChainEvidence.ChainLink> link = chain.linkOf(document.getId());
    Optional<ChainEvidence.Checkpoint> checkpoint =
        link.flatMap(record -> chain.checkpointFrom(record.sequence()));
    return entries(
        document,
        out -> content.copyTo(document, out),
        store.revocationEvidence(document.getId()),
        link,
        checkpoint);
  }

  /**
   * Returns the entries of the bundle of {@code document} with its content, its stored revocation
   * evidence and, if present, its chain record and the first checkpoint at or after it.
   */
  public static List<BundleEntry> entries(
      DocumentRecord document,
      BundleEntry.Content documentContent,
      List<RevocationEvidenceRecord> revocationEvidence,
      Optional<ChainEvidence.ChainLink> link,
      Optional<ChainEvidence.Checkpoint> checkpoint) {
    List<RevocationEvidenceRecord> revocation = sorted(revocationEvidence);
    String documentEntry =
        BundleLayout.documentEntry(document.getSignatureFormat(), document.getContentType());

    List<BundleEntry> entries = new ArrayList<>();
    addDocument(entries, document, documentContent, documentEntry);
    entries.add(new BundleEntry(BundleLayout.RECEIPT, BundleLayout.JSON, document.getReceipt()));
    entries.add(
        new BundleEntry(
            BundleLayout.RECEIPT_SIGNATURE, BundleLayout.JOSE, ascii(document.getReceiptSignature())));
    entries.add(
        new BundleEntry(
            BundleLayout.VERIFICATION,
            BundleLayout.JSON,
            VerificationReport.write(document, revocation, documentEntry)));
    addCertificates(entries, document);
    addRevocation(entries, revocation);
    link.ifPresent(record -> addChain(entries, record));
    checkpoint.ifPresent(statement -> addCheckpoint(entries, statement));
    return entries;
  }

  private static void addDocument(
      List<BundleEntry> entries,
      DocumentRecord document,
      BundleEntry.Content content,
      String documentEntry) {
    entries.add(new BundleEntry(documentEntry, document.getContentType(), content));
    boolean detached = SignatureForm.of(document.getSignatureFormat()) == SignatureForm.JWS_DETACHED;
    if (detached && document.getDetachedSignature() != null) {
      entries.add(
          new BundleEntry(
              BundleLayout.detachedSignatureEntry(documentEntry),
              BundleLayout.JOSE,
              document.getDetachedSignature()));
    }
  }

  /** Adds the signer (leaf first, then its chain), the cosigners and the client as PEM. */
  private static void addCertificates(List<BundleEntry> entries, DocumentRecord document) {
    List<X509Certificate> signer = new ArrayList<>();
    signer.addAll(DerCertificates.decode(document.getSignerCertificate()));
    signer.addAll(DerCertificates.decode(document.getSignerChain()));
    addPem(entries, BundleLayout.SIGNER_CERTIFICATES, signer);
    addPem(
        entries,
        BundleLayout.COSIGNER_CERTIFICATES,
        DerCertificates.decode(document.getCosignerCertificates()));
    addPem(
        entries,
        BundleLayout.CLIENT_CERTIFICATE,
        DerCertificates.decode(document.getClientCertificate()));
  }

  private static void addPem(
      List<BundleEntry> entries, String name, List<X509Certificate> certificates) {
    if (!certificates.isEmpty()) {
      entries.add(
          new BundleEntry(name, BundleLayout.PEM_CERTIFICATES, ascii(PemFiles.toPem(certificates))));
    }
  }

  private static void addRevocation(
      List<BundleEntry> entries, List<RevocationEvidenceRecord> revocation) {
    if (revocation.isEmpty()) {
      return;
    }
    List<String> ocspEntries = new ArrayList<>();
    for (int i = 0; i < revocation.size(); i++) {
      RevocationEvidenceRecord record = revocation.get(i);
      if (record.getOcspResponse() == null) {
        ocspEntries.add(null);
        continue;
      }
      String name = BundleLayout.ocspResponseEntry(i + 1, record.getRole());
      ocspEntries.add(name);
      entries.add(new BundleEntry(name, BundleLayout.OCSP_RESPONSE, record.getOcspResponse()));
    }
    entries.add(
        new BundleEntry(
            BundleLayout.REVOCATION,
            BundleLayout.JSON,
            VerificationReport.revocation(revocation, ocspEntries)));
  }

  private static void addChain(List<BundleEntry> entries, ChainEvidence.ChainLink link) {
    byte[] linkJson =
        Json.createObjectBuilder()
            .add("sequence", link.sequence())
            .add("previousHash", link.previousHash())
            .add("recordHash", link.recordHash())
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    entries.add(new BundleEntry(BundleLayout.CHAIN, BundleLayout.JSON, linkJson));
  }

  private static void addCheckpoint(List<BundleEntry> entries, ChainEvidence.Checkpoint checkpoint) {
    entries.add(new BundleEntry(BundleLayout.CHECKPOINT, BundleLayout.JSON, checkpoint.statement()));
    entries.add(
        new BundleEntry(
            BundleLayout.CHECKPOINT_SIGNATURE, BundleLayout.JOSE, ascii(checkpoint.signature())));
    if (checkpoint.timestampToken() != null) {
      entries.add(
          new BundleEntry(
              BundleLayout.CHECKPOINT_TIMESTAMP,
              BundleLayout.TIMESTAMP_REPLY,
              checkpoint.timestampToken()));
    }
  }

  /** Orders the rows by role, then by when they were obtained, so that bundles are reproducible. */
  private static List<RevocationEvidenceRecord> sorted(List<RevocationEvidenceRecord> records) {
    return records.stream()
        .sorted(
            Comparator.comparing(RevocationEvidenceRecord::getRole)
                .thenComparing(RevocationEvidenceRecord::getObtainedAt)
                .thenComparing(RevocationEvidenceRecord::getCertificateSha256))
        .toList();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
