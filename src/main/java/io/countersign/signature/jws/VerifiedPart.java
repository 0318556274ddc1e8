package io.countersign.signature.jws;

/** A signature together with the registered key that verified it. */
record VerifiedPart(SignedPart part, CandidateKey key) {}
