package io.countersign.cli;

import io.countersign.bundle.BundleReader;
import io.countersign.bundle.SignatureForm;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.jws.JwsPolicy;
import io.countersign.signature.jws.JwsVerifier;
import io.countersign.signature.xml.XmlDocumentLimits;
import io.countersign.signature.xml.XmlSignaturePolicy;
import io.countersign.signature.xml.XmlSignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Verifies a bundle's document signature offline with the project's own verifiers, at the time of
 * receipt, with the signer certificate that the server stored.
 */
final class DocumentSignatureCheck {

  static final String NAME = "document-signature";

  /**
   * The iat window offline: wide enough for any partner policy. The server checked the signing time
   * against the partner's window at receipt, and offline only the signature over the bytes counts.
   */
  private static final Duration ANY_IAT = Duration.ofDays(365L * 1000);

  /**
   * The XML limits offline: the default shape limits, and room for any document that a bundle
   * can contain, because a partner's maxDocumentBytes may exceed the default 10 MiB.
   */
  private static final XmlDocumentLimits BUNDLED_XML_LIMITS = bundledXmlLimits();

  private DocumentSignatureCheck() {}

  private static XmlDocumentLimits bundledXmlLimits() {
    XmlDocumentLimits defaults = XmlDocumentLimits.defaults();
    return new XmlDocumentLimits(
        BundleReader.MAX_TOTAL_BYTES,
        defaults.maxElementDepth(),
        defaults.maxAttributesPerElement(),
        defaults.maxReferences());
  }

  /**
   * Verifies the document.
   *
   * @param detachedJws the document's detached JWS, or {@code null} if the bundle has none
   * @param signer the signer certificate from the bundle, or {@code null} if it has none
   */
  static BundleCheck check(
      String format,
      byte[] document,
      String detachedJws,
      String partnerId,
      X509Certificate signer,
      List<X509Certificate> cosigners,
      Instant receivedAt) {
    SignatureForm form = SignatureForm.of(format);
    if (!form.isVerifiableOffline()) {
      return BundleCheck.skipped(NAME, notVerifiable(form, format));
    }
    if (signer == null) {
      return BundleCheck.failed(
          NAME,
          "The bundle has no signer certificate (evidence/signer.pem), so the signature cannot be"
              + " verified offline. Documents stored before the server kept certificates have"
              + " none.");
    }
    if (form == SignatureForm.JWS_DETACHED && detachedJws == null) {
      return BundleCheck.failed(
          NAME, "The bundle has no detached JWS for the document, so it cannot be verified.");
    }

    BundleSigners directory = new BundleSigners(partnerId, signer, cosigners);
    Clock atReceipt = Clock.fixed(receivedAt, ZoneOffset.UTC);
    VerificationOutcome outcome =
        verify(form, document, detachedJws, partnerId, directory, atReceipt);
    return switch (outcome) {
      case VerificationOutcome.Verified verified ->
          BundleCheck.ok(
              NAME,
              format
                  + " with "
                  + verified.signature().algorithm()
                  + " verified with the signer certificate '"
                  + signer.getSubjectX500Principal().getName()
                  + "' of partner '"
                  + partnerId
                  + "' at "
                  + receivedAt);
      case VerificationOutcome.Rejected rejected ->
          BundleCheck.failed(
              NAME,
              rejected.rejection().reason().code() + ": " + rejected.rejection().detail());
    };
  }

  private static VerificationOutcome verify(
      SignatureForm form,
      byte[] document,
      String detachedJws,
      String partnerId,
      BundleSigners directory,
      Clock atReceipt) {
    JwsVerifier jws =
        new JwsVerifier(atReceipt, JwsPolicy.defaults().allowMissingIat().withIatWindow(ANY_IAT, ANY_IAT));
    return switch (form) {
      case XML ->
          new XmlSignatureVerifier(atReceipt, XmlSignaturePolicy.defaults(), BUNDLED_XML_LIMITS)
              .verify(document, partnerId, directory);
      case JWS_COMPACT -> jws.verifyCompact(document, partnerId, directory);
      case JWS_JSON -> jws.verifyJson(document, partnerId, directory);
      case JWS_DETACHED -> jws.verifyDetached(document, detachedJws, partnerId, directory);
      case SHARED_KEY, REQUEST_SIGNATURE ->
          throw new IllegalArgumentException("Not verifiable offline: " + form);
    };
  }

  private static String notVerifiable(SignatureForm form, String format) {
    if (form == SignatureForm.SHARED_KEY) {
      return "The document's signature ("
          + format
          + ") was made with an HMAC key that the partner shares with Countersign, so no third"
          + " party can verify it: non-repudiation false. Only the receipt attests what was"
          + " received.";
    }
    return "The document has no signature of its own. A request signature ("
        + format
        + ") authenticated the HTTP request, which the bundle does not contain, so only the"
        + " receipt attests what was received.";
  }

  static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
