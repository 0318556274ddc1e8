package io.countersign.partner;

import io.countersign.signature.RegisteredSigner;
import io.countersign.trust.RevocationPolicy;
import java.util.List;

/**
 * A registered partner: who may connect (TLS client credentials), who may sign documents for it
 * (signing certificates), and how revocation of its CA-issued certificates is checked.
 */
public record Partner(
    String id,
    String name,
    List<TlsClientCredential> tlsClients,
    List<RegisteredSigner> signers,
    RevocationPolicy revocationPolicy) {

  public Partner {
    tlsClients = List.copyOf(tlsClients);
    signers = List.copyOf(signers);
  }
}
