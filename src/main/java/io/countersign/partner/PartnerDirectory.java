package io.countersign.partner;

import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.http.HttpSignatureKey;
import io.countersign.trust.CertificateSummary;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable snapshot of the registered partners, indexed by credential fingerprint.
 *
 * <p>A fingerprint or an HTTP signature key id that two partners register is ambiguous: it
 * identifies neither, and is listed in {@link #conflicts()}.
 */
final class PartnerDirectory {

  /** A TLS client certificate fingerprint mapped to its partner and credential. */
  record TlsClient(Partner partner, TlsClientCredential credential) {}

  /** A partner's signing CA with the partner. */
  record SignerAnchor(Partner partner, SigningAnchor anchor) {}

  private final Map<String, Partner> partners;
  private final Map<String, TlsClient> tlsClients;
  private final List<TlsClient> anchoredTlsClients;
  private final Map<String, RegisteredSigner> signers;
  private final List<SignerAnchor> signerAnchors;
  private final Map<String, HttpSignatureKey> httpSignatureKeys;
  private final List<String> conflicts;

  private PartnerDirectory(
      Map<String, Partner> partners,
      Map<String, TlsClient> tlsClients,
      List<TlsClient> anchoredTlsClients,
      Map<String, RegisteredSigner> signers,
      List<SignerAnchor> signerAnchors,
      Map<String, HttpSignatureKey> httpSignatureKeys,
      List<String> conflicts) {
    this.partners = partners;
    this.tlsClients = tlsClients;
    this.anchoredTlsClients = anchoredTlsClients;
    this.signers = signers;
    this.signerAnchors = signerAnchors;
    this.httpSignatureKeys = httpSignatureKeys;
    this.conflicts = conflicts;
  }

  static PartnerDirectory empty() {
    return of(List.of());
  }

  static PartnerDirectory of(Collection<Partner> registered) {
    Map<String, Partner> partners = new TreeMap<>();
    Map<String, TlsClient> tlsClients = new HashMap<>();
    List<TlsClient> anchoredTlsClients = new ArrayList<>();
    Map<String, RegisteredSigner> signers = new HashMap<>();
    List<SignerAnchor> signerAnchors = new ArrayList<>();
    Map<String, HttpSignatureKey> httpSignatureKeys = new HashMap<>();
    Map<String, String> owners = new HashMap<>();
    List<String> conflicts = new ArrayList<>();

    for (Partner partner : registered) {
      partners.put(partner.id(), partner);
      for (TlsClientCredential credential : partner.tlsClients()) {
        if (!credential.isPinned()) {
          anchoredTlsClients.add(new TlsClient(partner, credential));
        } else if (claim(owners, credential.sha256(), partner.id(), conflicts)) {
          tlsClients.put(credential.sha256(), new TlsClient(partner, credential));
        }
      }
      partner.signingAnchors().forEach(anchor -> signerAnchors.add(new SignerAnchor(partner, anchor)));
      for (HttpSignatureKey key : partner.httpSignatureKeys()) {
        if (claim(owners, "keyid:" + key.keyId(), partner.id(), conflicts)) {
          httpSignatureKeys.put(key.keyId(), key);
        }
      }
      for (RegisteredSigner signer : partner.signers()) {
        String sha256 = CertificateSummary.fingerprint(signer.certificate());
        if (claim(owners, sha256, partner.id(), conflicts)) {
          signers.put(sha256, signer);
        }
      }
    }
    for (String conflict : conflicts) {
      tlsClients.remove(conflict);
      signers.remove(conflict);
      httpSignatureKeys.remove(conflict.replaceFirst("^keyid:", ""));
    }
    return new PartnerDirectory(
        Map.copyOf(partners),
        tlsClients,
        List.copyOf(anchoredTlsClients),
        signers,
        List.copyOf(signerAnchors),
        Map.copyOf(httpSignatureKeys),
        List.copyOf(conflicts));
  }

  /** Records that {@code partnerId} registers the fingerprint; returns false on a conflict. */
  private static boolean claim(
      Map<String, String> owners, String sha256, String partnerId, List<String> conflicts) {
    String owner = owners.putIfAbsent(sha256, partnerId);
    if (owner == null || owner.equals(partnerId)) {
      return true;
    }
    conflicts.add(sha256);
    return false;
  }

  /** Returns the partner with this id; empty for an unknown or {@code null} id. */
  Optional<Partner> partner(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(partners.get(id));
  }

  Optional<HttpSignatureKey> httpSignatureKey(String keyId) {
    return keyId == null ? Optional.empty() : Optional.ofNullable(httpSignatureKeys.get(keyId));
  }

  Collection<Partner> partners() {
    return partners.values();
  }

  Optional<TlsClient> tlsClient(X509Certificate certificate) {
    return Optional.ofNullable(tlsClients.get(CertificateSummary.fingerprint(certificate)));
  }

  /** TLS client credentials that register a CA and subject rather than a pinned certificate. */
  List<TlsClient> anchoredTlsClients() {
    return anchoredTlsClients;
  }

  /** Signing CAs with the subject that their partners' signing certificates carry. */
  List<SignerAnchor> signerAnchors() {
    return signerAnchors;
  }

  Optional<RegisteredSigner> signer(X509Certificate certificate) {
    return Optional.ofNullable(signers.get(CertificateSummary.fingerprint(certificate)));
  }

  /** Fingerprints that more than one partner registers. */
  List<String> conflicts() {
    return conflicts;
  }

  /** Describes the registrations in one comparable line, for logging changes. */
  String describe() {
    return partners.size()
        + " partner(s) "
        + partners.keySet()
        + " with "
        + (tlsClients.size() + anchoredTlsClients.size())
        + " TLS client and "
        + signers.size()
        + " signing certificate(s)";
  }
}
