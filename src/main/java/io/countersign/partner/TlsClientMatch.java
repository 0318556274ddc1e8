package io.countersign.partner;

/** A TLS client certificate matched to the partner that registered it. */
public record TlsClientMatch(Partner partner, TlsClientCredential credential) {}
