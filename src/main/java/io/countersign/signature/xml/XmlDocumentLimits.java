package io.countersign.signature.xml;

/**
 * Size and shape limits that {@link XmlSignatureVerifier} enforces before it canonicalizes or
 * digests anything, so that a hostile document costs little to reject.
 *
 * <p>{@link #defaults()} allows 10 MiB (the intake's default body limit), 100 levels of element
 * nesting (the JDK 24 default), 64 attributes per element, namespace declarations included (the JDK
 * 24 default is 200), and 2 references: the document and, for XAdES, its SignedProperties.
 *
 * @param maxDocumentBytes the maximum size of the serialized document
 * @param maxElementDepth the maximum element nesting, the document element counting as 1
 * @param maxAttributesPerElement the maximum attributes of one element
 * @param maxReferences the maximum {@code ds:Reference} elements in SignedInfo
 */
public record XmlDocumentLimits(
    long maxDocumentBytes, int maxElementDepth, int maxAttributesPerElement, int maxReferences) {

  public XmlDocumentLimits {
    requirePositive(maxDocumentBytes, "maxDocumentBytes");
    requirePositive(maxElementDepth, "maxElementDepth");
    requirePositive(maxAttributesPerElement, "maxAttributesPerElement");
    requirePositive(maxReferences, "maxReferences");
  }

  /** Returns the limits for partner documents. */
  public static XmlDocumentLimits defaults() {
    return new XmlDocumentLimits(10L * 1024 * 1024, 100, 64, 2);
  }

  private static void requirePositive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, but is " + value);
    }
  }
}
