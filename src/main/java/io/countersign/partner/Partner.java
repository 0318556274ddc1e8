package io.countersign.partner;

import io.countersign.signature.RegisteredSigner;
import java.util.List;

/**
 * A registered partner: who may connect (TLS client credentials) and who may sign documents for
 * it (signing certificates).
 */
public record Partner(
    String id, String name, List<TlsClientCredential> tlsClients, List<RegisteredSigner> signers) {

  public Partner {
    tlsClients = List.copyOf(tlsClients);
    signers = List.copyOf(signers);
  }
}
