package io.countersign.signature.xml;

import static io.countersign.signature.xml.EnvelopedSignatureBuilder.signedBy;
import static io.countersign.signature.xml.TestDocuments.INVOICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;
import io.countersign.signature.VerificationOutcome;
import java.time.Clock;
import java.time.ZoneOffset;
import org.apache.xml.security.c14n.Canonicalizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signs with each allowed canonicalization, as CanonicalizationMethod and as the reference's
 * transform, and checks that Santuario applies the one the signature names.
 */
class CanonicalizationTest {

  private final XmlSignatureVerifier verifier =
      new XmlSignatureVerifier(Clock.fixed(TestPki.NOW, ZoneOffset.UTC));

  @ParameterizedTest
  @ValueSource(
      strings = {
        Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS,
        Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS,
        Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS,
        Canonicalizer.ALGO_ID_C14N11_WITH_COMMENTS,
        Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS,
        Canonicalizer.ALGO_ID_C14N_EXCL_WITH_COMMENTS
      })
  void verify_signedWithCanonicalization_verified(String canonicalization) {
    byte[] document = signedWith(canonicalization);

    assertInstanceOf(VerificationOutcome.Verified.class, verify(document));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS,
        Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS,
        Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS,
        Canonicalizer.ALGO_ID_C14N11_WITH_COMMENTS,
        Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS,
        Canonicalizer.ALGO_ID_C14N_EXCL_WITH_COMMENTS
      })
  void verify_whitespaceChangedAfterSigning_digestMismatch(String canonicalization) {
    byte[] document = TestDocuments.replaced(signedWith(canonicalization), "\t<cbc:", "  <cbc:");

    Rejection rejection = rejection(verify(document));

    assertEquals(RejectionReason.REFERENCE_DIGEST_MISMATCH, rejection.reason(), rejection.detail());
    assertTrue(
        rejection.detail().contains("digest of the Reference with URI \"\" did not match"),
        rejection.detail());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS,
        Canonicalizer.ALGO_ID_C14N11_WITH_COMMENTS,
        Canonicalizer.ALGO_ID_C14N_EXCL_WITH_COMMENTS
      })
  void verify_commentAddedWithCommentsVariant_verified(String canonicalization) {
    // Dereferencing URI "" removes comments before any transform runs, even a "with comments" one.
    byte[] document =
        TestDocuments.replaced(
            signedWith(canonicalization), "<cbc:ID>TOSL108", "<!-- note --><cbc:ID>TOSL108");

    assertInstanceOf(VerificationOutcome.Verified.class, verify(document));
  }

  private static byte[] signedWith(String canonicalization) {
    return signedBy(TestPki.ACME_EC)
        .canonicalization(canonicalization)
        .sign(Conformance.businessDocument(INVOICE));
  }

  private VerificationOutcome verify(byte[] document) {
    return verifier.verify(document, "acme", SignerRegistrations.standard());
  }

  private static Rejection rejection(VerificationOutcome outcome) {
    return assertInstanceOf(VerificationOutcome.Rejected.class, outcome).rejection();
  }
}
