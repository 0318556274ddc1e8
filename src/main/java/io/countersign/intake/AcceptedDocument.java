package io.countersign.intake;

import io.countersign.evidence.DocumentRecord;

/**
 * A stored document with its receipt.
 *
 * @param duplicate true when the same signed document was accepted before and this is its
 *     original receipt
 */
public record AcceptedDocument(DocumentRecord document, boolean duplicate) {}
