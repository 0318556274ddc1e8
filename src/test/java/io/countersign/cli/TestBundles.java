package io.countersign.cli;

import io.countersign.bundle.BundleContents;
import io.countersign.bundle.BundleEntry;
import io.countersign.bundle.BundleLayout;
import io.countersign.bundle.BundleReader;
import io.countersign.bundle.BundleWriter;
import io.countersign.bundle.ManifestXml;
import io.countersign.evidence.ChainEvidence;
import io.countersign.evidence.DerCertificates;
import io.countersign.evidence.DocumentContent;
import io.countersign.evidence.DocumentRecord;
import io.countersign.evidence.EvidenceBundleAssembler;
import io.countersign.pki.CertificateIssuer.IssuedCertificate;
import io.countersign.pki.CertificateIssuer.Role;
import io.countersign.receipt.ReceiptWriter;
import io.countersign.signature.xml.XmlDocumentSigner;
import io.countersign.trust.CertificateSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Builds evidence bundles as the server does, from a {@link DocumentRecord} with the test PKI's
 * certificates, and changes single entries of them.
 */
final class TestBundles {

  static final String INVOICE =
      "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">\n"
          + "  <ID>TOSL108</ID>\n  <IssueDate>2026-12-04</IssueDate>\n</Invoice>\n";

  /** The content of each record by id, which the server would read from its store. */
  private static final Map<String, byte[]> CONTENTS = new ConcurrentHashMap<>();

  final TestPki pki = new TestPki("Countersign");
  final IssuedCertificate signer =
      pki.issue("O=acme,CN=acme document signing", Role.DOCUMENT_SIGNING, List.of());
  final IssuedCertificate otherSigner =
      pki.issue("O=globex,CN=globex document signing", Role.DOCUMENT_SIGNING, List.of());

  /** Returns a stored XML document signed by acme, with its receipt signed by the test CA's key. */
  DocumentRecord xmlDocument() throws Exception {
    return xmlDocument(INVOICE);
  }

  /** Returns {@code invoice} stored as signed by acme, with a receipt signed by the test CA's key. */
  DocumentRecord xmlDocument(String invoice) throws Exception {
    byte[] document =
        new XmlDocumentSigner(signer.keyPair().getPrivate(), signer.certificate())
            .sign(invoice.getBytes(StandardCharsets.UTF_8));
    DocumentRecord record =
        new DocumentRecord(
            UUID.randomUUID().toString(), "acme", Instant.now().truncatedTo(ChronoUnit.MILLIS));
    setContent(record, document, "application/xml");
    record.setSignature(
        "xmldsig-enveloped",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        "http://www.w3.org/2001/04/xmlenc#sha256",
        sha256("signature value"));
    CertificateSummary signerSummary = CertificateSummary.of(signer.certificate());
    record.setSigner(
        signerSummary.subject(),
        signerSummary.issuer(),
        signerSummary.serialNumber(),
        signerSummary.sha256());
    CertificateSummary client = CertificateSummary.of(pki.clientTls.certificate());
    record.setClient(
        client.subject(), client.issuer(), client.serialNumber(), client.sha256(), "tls");
    record.setCertificates(
        DerCertificates.der(signer.certificate()),
        null,
        null,
        DerCertificates.der(pki.clientTls.certificate()));
    sign(record);
    return record;
  }

  /** Writes and signs the receipt of {@code record} with the test receipt key. */
  void sign(DocumentRecord record) throws Exception {
    byte[] receipt = ReceiptWriter.write(record);
    record.setReceipt(receipt, TestReceipts.signEs256(receipt, pki.receiptSigner, pki.ca));
  }

  /** Sets the record's content as the server does, and keeps the bytes for its bundle. */
  static void setContent(DocumentRecord record, byte[] content, String contentType) {
    record.setContent(DocumentContent.inMemory(content), contentType);
    CONTENTS.put(record.getId(), content);
  }

  static byte[] bundle(DocumentRecord record) {
    return BundleWriter.write(
        EvidenceBundleAssembler.entries(
            record, content(record), List.of(), Optional.empty(), Optional.empty()));
  }

  static byte[] bundle(
      DocumentRecord record, ChainEvidence.ChainLink link, ChainEvidence.Checkpoint checkpoint) {
    return BundleWriter.write(
        EvidenceBundleAssembler.entries(
            record, content(record), List.of(), Optional.of(link), Optional.ofNullable(checkpoint)));
  }

  private static BundleEntry.Content content(DocumentRecord record) {
    return BundleEntry.Content.of(CONTENTS.get(record.getId()));
  }

  /** Returns the bundle with one entry's bytes replaced, rewritten with its manifest. */
  static byte[] withEntry(byte[] bundle, String name, UnaryOperator<byte[]> change)
      throws Exception {
    BundleContents contents = BundleReader.read(bundle);
    Map<String, String> mediaTypes =
        ManifestXml.read(contents.entry(BundleLayout.MANIFEST).orElseThrow());
    List<BundleEntry> entries = new ArrayList<>();
    for (String entry : contents.names()) {
      if (entry.equals(BundleLayout.MIMETYPE_ENTRY) || entry.equals(BundleLayout.MANIFEST)) {
        continue;
      }
      byte[] content = contents.entry(entry).orElseThrow();
      entries.add(
          new BundleEntry(
              entry, mediaTypes.get(entry), entry.equals(name) ? change.apply(content) : content));
    }
    return BundleWriter.write(entries);
  }

  /** Returns a copy with the byte at {@code index} changed to {@code value}. */
  static UnaryOperator<byte[]> setByte(int index, char value) {
    return bytes -> {
      byte[] changed = bytes.clone();
      changed[index] = (byte) value;
      return changed;
    };
  }

  static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
