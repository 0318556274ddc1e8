package io.countersign.partner;

import io.countersign.signature.RegisteredHmacKey;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.http.HttpSignatureKey;
import io.countersign.signature.jws.JwsPolicy;
import io.countersign.trust.RevocationPolicy;
import java.util.List;
import java.util.OptionalLong;

/**
 * A registered partner: who may connect (TLS client credentials), who may sign documents for it
 * (signing certificates, HMAC keys), how it signs requests without mutual TLS, how revocation of its CA-issued certificates is checked, and
 * which JWS it accepts.
 *
 * @param maxDocumentBytes the maximum size of the partner's documents, in bytes, or empty for the
 *     server's {@code countersign.document.max-bytes}
 */
public record Partner(
    String id,
    String name,
    List<TlsClientCredential> tlsClients,
    List<RegisteredSigner> signers,
    List<SigningAnchor> signingAnchors,
    List<RegisteredHmacKey> hmacKeys,
    List<HttpSignatureKey> httpSignatureKeys,
    AuthenticationPolicy authentication,
    RevocationPolicy revocationPolicy,
    JwsPolicy jwsPolicy,
    OptionalLong maxDocumentBytes) {

  public Partner {
    tlsClients = List.copyOf(tlsClients);
    signers = List.copyOf(signers);
    signingAnchors = List.copyOf(signingAnchors);
    hmacKeys = List.copyOf(hmacKeys);
    httpSignatureKeys = List.copyOf(httpSignatureKeys);
  }
}
