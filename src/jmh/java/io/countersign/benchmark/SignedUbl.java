package io.countersign.benchmark;

import io.countersign.signature.xml.XmlDocumentSigner;

/** Signs UBL invoices so that the signed document, signature included, has about a given size. */
public final class SignedUbl {

  private SignedUbl() {}

  /**
   * Returns a signed invoice of about {@code targetBytes}. A small invoice signed first measures
   * what the signature adds, which does not depend on the document size.
   */
  public static byte[] ofSize(
      UblDocuments documents, XmlDocumentSigner signer, int targetBytes, String invoiceId) {
    int overhead = signatureOverhead(documents, signer);
    return signer.sign(documents.invoice(Math.max(1, targetBytes - overhead), invoiceId));
  }

  /** Returns the bytes that the signer's signature adds to an invoice. */
  public static int signatureOverhead(UblDocuments documents, XmlDocumentSigner signer) {
    byte[] unsigned = documents.invoice(10_000, "overhead");
    return signer.sign(unsigned).length - unsigned.length;
  }
}
