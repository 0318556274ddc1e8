package io.countersign.cli;

import io.countersign.bundle.BundleContents;
import io.countersign.bundle.BundleLayout;
import io.countersign.pki.PemFiles;
import io.countersign.trust.CertificatePathValidator;
import io.countersign.trust.CertificateRole;
import io.countersign.trust.CertificateSummary;
import io.countersign.trust.PathValidation;
import io.countersign.trust.RevocationChecker;
import io.countersign.trust.RevocationPolicy;
import io.countersign.trust.TrustAnchorSet;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies an evidence bundle offline, without the server. It checks the layout, the receipt's
 * signature and digest, and the document's signature with the stored signer certificate. It
 * compares that certificate with the receipt and, optionally, validates it to the partner's CA.
 * Then it checks the stored revocation evidence and the hash chain.
 *
 * <p>Every check is returned with its result. The bundle is verified only if none failed. A check
 * that does not apply, or needs an option not given, is skipped with the reason.
 */
final class BundleVerifier {

  static final String RECEIPT_SIGNATURE = "receipt-signature";
  static final String RECEIPT_DIGEST = "receipt-document-digest";
  static final String SIGNER_CERTIFICATE = "signer-certificate";
  static final String SIGNER_PATH = "signer-path";
  static final String CLIENT_CERTIFICATE = "client-certificate";

  private final ReceiptVerifier receipts;
  private final List<X509Certificate> partnerCas;
  private final Clock clock;

  /**
   * Creates a verifier.
   *
   * @param receiptCas the CA certificates trusted to issue the receipt signing certificate
   * @param partnerCas the partner's CA certificates for the signer's path; empty to skip that check
   * @param clock the time at which the receipt's certificate chain is validated
   */
  BundleVerifier(List<X509Certificate> receiptCas, List<X509Certificate> partnerCas, Clock clock) {
    this.receipts = new ReceiptVerifier(receiptCas, clock);
    this.partnerCas = List.copyOf(partnerCas);
    this.clock = clock;
  }

  List<BundleCheck> verify(BundleContents bundle) {
    List<BundleCheck> checks = new ArrayList<>();
    checks.add(BundleLayoutCheck.check(bundle));

    Optional<byte[]> receipt = bundle.entry(BundleLayout.RECEIPT);
    Optional<byte[]> receiptJws = bundle.entry(BundleLayout.RECEIPT_SIGNATURE);
    if (receipt.isEmpty() || receiptJws.isEmpty()) {
      checks.add(BundleCheck.failed(RECEIPT_SIGNATURE, "The bundle lacks receipt.json or its JWS"));
      return checks;
    }
    checks.add(checkReceiptSignature(receipt.get(), receiptJws.get()));

    Optional<ReceiptFields> fields = ReceiptFields.parse(receipt.get());
    if (fields.isEmpty()) {
      checks.add(
          BundleCheck.failed(
              RECEIPT_DIGEST,
              "receipt.json lacks documentId, partner, receivedAt, contentType, sha256 or"
                  + " signature.format"));
      return checks;
    }
    checks.addAll(checkDocument(bundle, receipt.get(), fields.get()));
    return checks;
  }

  private List<BundleCheck> checkDocument(
      BundleContents bundle, byte[] receipt, ReceiptFields fields) {
    String documentEntry = BundleLayout.documentEntry(fields.signatureFormat(), fields.contentType());
    Optional<byte[]> document = bundle.entry(documentEntry);
    if (document.isEmpty()) {
      return List.of(
          BundleCheck.failed(RECEIPT_DIGEST, "The bundle lacks the document " + documentEntry));
    }

    List<BundleCheck> checks = new ArrayList<>();
    checks.add(checkDigest(fields, documentEntry, document.get()));
    BundleCertificates certificates;
    try {
      certificates = BundleCertificates.of(bundle);
    } catch (IOException e) {
      checks.add(BundleCheck.failed(SIGNER_CERTIFICATE, e.getMessage()));
      return checks;
    }

    checks.add(checkSignerCertificate(fields, certificates));
    checks.add(
        DocumentSignatureCheck.check(
            fields.signatureFormat(),
            document.get(),
            detachedSignature(bundle, documentEntry),
            fields.partner(),
            certificates.signer(),
            certificates.cosigners(),
            fields.receivedAt()));
    checks.add(checkSignerPath(fields, certificates));
    checks.add(checkClientCertificate(fields, certificates));
    checks.addAll(
        RevocationEvidenceCheck.check(bundle, certificates.issuers(partnerCas), fields.receivedAt()));
    checks.addAll(ChainCheck.check(bundle, receipt, receipts));
    return checks;
  }

  private BundleCheck checkReceiptSignature(byte[] receipt, byte[] jws) {
    return switch (receipts.verify(receipt, DocumentSignatureCheck.ascii(jws))) {
      case ReceiptOutcome.Verified verified ->
          BundleCheck.ok(
              RECEIPT_SIGNATURE,
              verified.receipt().algorithm()
                  + " by '"
                  + verified.receipt().signer().getSubjectX500Principal().getName()
                  + "', chain valid to a trusted CA at "
                  + clock.instant());
      case ReceiptOutcome.Rejected rejected ->
          BundleCheck.failed(RECEIPT_SIGNATURE, rejected.describe());
    };
  }

  private static BundleCheck checkDigest(ReceiptFields fields, String entry, byte[] document) {
    String sha256 = ReceiptVerifier.sha256Hex(document);
    if (!sha256.equals(fields.sha256())) {
      return BundleCheck.failed(
          RECEIPT_DIGEST,
          entry + " has SHA-256 " + sha256 + ", but the receipt names " + fields.sha256());
    }
    return BundleCheck.ok(RECEIPT_DIGEST, entry + " has the receipt's SHA-256 " + sha256);
  }

  private static BundleCheck checkSignerCertificate(
      ReceiptFields fields, BundleCertificates certificates) {
    return checkFingerprint(
        SIGNER_CERTIFICATE,
        BundleLayout.SIGNER_CERTIFICATES,
        fields.signerSha256(),
        certificates.signer());
  }

  private static BundleCheck checkClientCertificate(
      ReceiptFields fields, BundleCertificates certificates) {
    return checkFingerprint(
        CLIENT_CERTIFICATE,
        BundleLayout.CLIENT_CERTIFICATE,
        fields.clientSha256(),
        certificates.client());
  }

  /** Compares the certificate in {@code entry} with the fingerprint that the receipt names. */
  private static BundleCheck checkFingerprint(
      String name, String entry, String receiptSha256, X509Certificate certificate) {
    if (receiptSha256 == null) {
      return certificate == null
          ? BundleCheck.skipped(name, "The receipt names no such certificate.")
          : BundleCheck.failed(name, entry + " is present, but the receipt names no certificate");
    }
    if (certificate == null) {
      return BundleCheck.failed(
          name, "The receipt names SHA-256 " + receiptSha256 + ", but the bundle lacks " + entry);
    }
    String sha256 = CertificateSummary.fingerprint(certificate);
    if (!sha256.equals(receiptSha256)) {
      return BundleCheck.failed(
          name, entry + " has SHA-256 " + sha256 + ", but the receipt names " + receiptSha256);
    }
    return BundleCheck.ok(
        name,
        "'" + certificate.getSubjectX500Principal().getName() + "' has the receipt's SHA-256 "
            + sha256);
  }

  /** Validates the signer's path to the partner's CA at the time of receipt, without revocation. */
  private BundleCheck checkSignerPath(ReceiptFields fields, BundleCertificates certificates) {
    if (certificates.signer() == null) {
      return BundleCheck.skipped(SIGNER_PATH, "The bundle has no signer certificate.");
    }
    if (partnerCas.isEmpty()) {
      return BundleCheck.skipped(
          SIGNER_PATH, "Pass the partner's CA certificate with --partner-ca to check this.");
    }
    // Revocation is not fetched offline; the revocation checks report the stored evidence.
    CertificatePathValidator validator =
        new CertificatePathValidator(
            new RevocationChecker(Clock.fixed(fields.receivedAt(), clock.getZone())));
    PathValidation validation =
        validator.validate(
            certificates.signer(),
            certificates.signerChain(),
            TrustAnchorSet.of(partnerCas),
            CertificateRole.DOCUMENT_SIGNING,
            fields.receivedAt(),
            RevocationPolicy.DEFAULT.withoutRevocationChecking());
    return switch (validation) {
      case PathValidation.Valid valid ->
          BundleCheck.ok(
              SIGNER_PATH,
              "valid path to '"
                  + valid.anchor().getSubjectX500Principal().getName()
                  + "' at "
                  + fields.receivedAt()
                  + ", revocation not fetched");
      case PathValidation.Invalid invalid ->
          BundleCheck.failed(SIGNER_PATH, invalid.reason() + ": " + invalid.detail());
    };
  }

  private static String detachedSignature(BundleContents bundle, String documentEntry) {
    return bundle
        .entry(BundleLayout.detachedSignatureEntry(documentEntry))
        .map(DocumentSignatureCheck::ascii)
        .orElse(null);
  }

  /** The certificates in a bundle's PEM entries. */
  record BundleCertificates(
      X509Certificate signer,
      List<X509Certificate> signerChain,
      List<X509Certificate> cosigners,
      X509Certificate client) {

    static BundleCertificates of(BundleContents bundle) throws IOException {
      List<X509Certificate> signer = read(bundle, BundleLayout.SIGNER_CERTIFICATES);
      List<X509Certificate> client = read(bundle, BundleLayout.CLIENT_CERTIFICATE);
      return new BundleCertificates(
          signer.isEmpty() ? null : signer.getFirst(),
          signer.isEmpty() ? List.of() : signer.subList(1, signer.size()),
          read(bundle, BundleLayout.COSIGNER_CERTIFICATES),
          client.isEmpty() ? null : client.getFirst());
    }

    /** Returns the certificates that may have issued a certificate of the bundle. */
    List<X509Certificate> issuers(List<X509Certificate> partnerCas) {
      List<X509Certificate> issuers = new ArrayList<>(signerChain);
      issuers.addAll(partnerCas);
      return issuers;
    }

    private static List<X509Certificate> read(BundleContents bundle, String entry)
        throws IOException {
      Optional<byte[]> pem = bundle.entry(entry);
      if (pem.isEmpty()) {
        return List.of();
      }
      String text = new String(pem.get(), StandardCharsets.US_ASCII);
      return PemFiles.readCertificates(new StringReader(text), entry);
    }
  }
}
