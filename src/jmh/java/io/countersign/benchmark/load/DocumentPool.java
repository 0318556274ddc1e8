package io.countersign.benchmark.load;

import io.countersign.benchmark.SignedUbl;
import io.countersign.benchmark.UblDocuments;
import io.countersign.signature.xml.XmlDocumentSigner;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A partner's invoices, signed before the run so that signing costs the run nothing. Each has its
 * own invoice id and so its own signature value, which the server takes as a new document. Thread
 * safe: each document is handed out once.
 */
final class DocumentPool {

  private final String partnerId;
  private final List<byte[]> documents;
  private final AtomicInteger next = new AtomicInteger();

  private DocumentPool(String partnerId, List<byte[]> documents) {
    this.partnerId = partnerId;
    this.documents = documents;
  }

  /**
   * Signs {@code count} invoices of about {@code signedBytes} with the partner's signing key, on
   * every core. {@code runId} keeps invoice ids unique across runs against the same database.
   */
  static DocumentPool sign(
      PartnerKeys partner, UblDocuments invoices, int count, int signedBytes, String runId) {
    XmlDocumentSigner signer =
        new XmlDocumentSigner(partner.signingKey(), partner.signingCertificate());
    int unsignedBytes = signedBytes - SignedUbl.signatureOverhead(invoices, signer);
    List<byte[]> documents =
        IntStream.range(0, count)
            .parallel()
            .mapToObj(i -> invoiceId(partner.partnerId(), runId, i))
            .map(invoiceId -> signer.sign(invoices.invoice(unsignedBytes, invoiceId)))
            .toList();
    return new DocumentPool(partner.partnerId(), documents);
  }

  private static String invoiceId(String partnerId, String runId, int index) {
    return "LOAD-" + partnerId + "-" + runId + "-" + index;
  }

  String partnerId() {
    return partnerId;
  }

  /** Returns the next unsent document, or null when every document was handed out. */
  byte[] next() {
    int index = next.getAndIncrement();
    return index < documents.size() ? documents.get(index) : null;
  }

  /** Returns a document by index, for the in-process measurement, which may reuse documents. */
  byte[] get(int index) {
    return documents.get(Math.floorMod(index, documents.size()));
  }

  int size() {
    return documents.size();
  }

  /** Returns the mean size of the documents in bytes. */
  double meanBytes() {
    return documents.stream().mapToInt(document -> document.length).average().orElse(0);
  }
}
