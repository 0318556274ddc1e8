package io.countersign.partner;

import io.countersign.signature.RegisteredHmacKey;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.SignerDirectory;
import io.countersign.signature.SignerLookup;
import io.countersign.signature.http.HttpSignatureKey;
import io.countersign.signature.jws.JwsPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import io.countersign.trust.CertificatePathValidator;
import io.countersign.trust.CertificateRole;
import io.countersign.trust.PathFailureReasons;
import io.countersign.trust.PathValidation;
import io.countersign.trust.RevocationChecker;
import io.countersign.trust.TrustAnchorSet;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registered partners, read from the partner files in {@code countersign.partners.dir} at
 * start-up and again every {@code countersign.partners.reload-seconds} (10 by default), so that
 * operators register and rotate without a restart.
 *
 * <p>An invalid partner file is logged; the partner keeps its last valid registration, if it had
 * one, and the other partners are not affected. Lookups read an immutable snapshot that a reload
 * replaces in one step.
 */
@Singleton
@Startup
@LocalBean
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PartnerRegistry implements SignerDirectory {

  private static final Logger LOG = Logger.getLogger(PartnerRegistry.class.getName());

  @Inject
  @ConfigProperty(name = "countersign.partners.dir", defaultValue = "server-config/partners")
  String partnersDirectory;

  @Inject
  @ConfigProperty(name = "countersign.partners.reload-seconds", defaultValue = "10")
  long reloadSeconds;

  @Resource TimerService timers;

  private volatile PartnerDirectory directory = PartnerDirectory.empty();
  private volatile List<String> invalidFiles = List.of();

  @Inject Clock clock;

  private CertificatePathValidator pathValidator;

  @PostConstruct
  void load() {
    pathValidator = new CertificatePathValidator(new RevocationChecker(clock));
    reload();
    long interval = Duration.ofSeconds(Math.max(1, reloadSeconds)).toMillis();
    timers.createIntervalTimer(interval, interval, new TimerConfig(null, false));
  }

  /** Reads the partner files again; logs only when the registrations or errors change. */
  @Timeout
  public void reload() {
    Path root = Path.of(partnersDirectory).toAbsolutePath().normalize();
    List<Partner> partners = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Path file : partnerFiles(root, errors)) {
      try {
        partners.add(PartnerFileParser.parse(file));
      } catch (InvalidPartnerFileException e) {
        errors.add(e.getMessage() + keepPrevious(file, partners));
      }
    }

    PartnerDirectory loaded = PartnerDirectory.of(partners);
    for (String conflict : loaded.conflicts()) {
      errors.add("Certificate " + conflict + " is registered to more than one partner; it identifies none of them");
    }
    if (!errors.equals(invalidFiles)) {
      errors.forEach(error -> LOG.severe(error));
    }
    if (!loaded.describe().equals(directory.describe())) {
      LOG.info(() -> "Registered " + loaded.describe() + " from " + root);
    }
    logChangedLimits(directory, loaded);
    directory = loaded;
    invalidFiles = List.copyOf(errors);
  }

  /**
   * Logs each partner whose maxDocumentBytes changed, so that an operator who raised a limit can
   * tell when it is in force.
   */
  private static void logChangedLimits(PartnerDirectory previous, PartnerDirectory loaded) {
    for (Partner partner : loaded.partners()) {
      previous
          .partner(partner.id())
          .map(Partner::maxDocumentBytes)
          .filter(before -> !before.equals(partner.maxDocumentBytes()))
          .ifPresent(
              before ->
                  LOG.info(
                      () ->
                          "Partner '"
                              + partner.id()
                              + "' now has maxDocumentBytes "
                              + describeLimit(partner.maxDocumentBytes())
                              + ", was "
                              + describeLimit(before)));
    }
  }

  private static String describeLimit(OptionalLong limit) {
    return limit.isPresent() ? String.valueOf(limit.getAsLong()) : "the server's default";
  }

  /** Keeps the last valid registration of a partner whose file became invalid. */
  private String keepPrevious(Path file, List<Partner> partners) {
    String partnerId = file.getFileName().toString().replaceFirst("\\.json$", "");
    return directory
        .partner(partnerId)
        .map(
            previous -> {
              partners.add(previous);
              return "; the previous registration of '" + partnerId + "' stays in force";
            })
        .orElse("; partner '" + partnerId + "' is not registered");
  }

  private static List<Path> partnerFiles(Path root, List<String> errors) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, "*.json")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      errors.add("Cannot read the partner directory " + root + ": " + e);
      LOG.log(Level.FINE, "Partner directory unreadable", e);
    }
    files.sort(null);
    return files;
  }

  /**
   * Finds the partner of a TLS client: by the pinned fingerprint of the leaf, or else by a PKIX
   * path from the leaf to a partner's CA whose registered subject the leaf carries, with revocation
   * checked under that partner's policy.
   *
   * @param chain the client's certificate chain, leaf first; the rest are only path hints
   */
  public TlsClientLookup identifyTlsClient(List<X509Certificate> chain, Instant at) {
    X509Certificate leaf = chain.getFirst();
    PartnerDirectory current = directory;
    Optional<PartnerDirectory.TlsClient> pinned = current.tlsClient(leaf);
    if (pinned.isPresent()) {
      return new TlsClientLookup.Matched(
          pinned.get().partner(), pinned.get().credential(), List.of());
    }

    TlsClientLookup result = new TlsClientLookup.NotRegistered();
    for (PartnerDirectory.TlsClient client : current.anchoredTlsClients()) {
      TrustAnchorSet anchors = client.credential().anchors();
      if (!anchors.requiredSubject().map(leaf.getSubjectX500Principal()::equals).orElse(false)) {
        continue;
      }
      PathValidation validation =
          pathValidator.validate(
              leaf,
              chain.subList(1, chain.size()),
              anchors,
              CertificateRole.TLS_CLIENT,
              at,
              client.partner().revocationPolicy());
      switch (validation) {
        case PathValidation.Valid valid -> {
          return new TlsClientLookup.Matched(client.partner(), client.credential(), valid.evidence());
        }
        case PathValidation.Invalid invalid ->
            result = new TlsClientLookup.Rejected(PathFailureReasons.forTlsClient(invalid));
      }
    }
    return result;
  }

  public Optional<Partner> partner(String id) {
    return directory.partner(id);
  }

  /** Returns the number of registered partners, for the readiness check. */
  public int partnerCount() {
    return directory.partners().size();
  }

  @Override
  public Optional<RegisteredSigner> findByCertificate(X509Certificate hint) {
    return directory.signer(hint);
  }

  @Override
  public SignerLookup lookUp(X509Certificate hint, List<X509Certificate> hintedChain) {
    PartnerDirectory current = directory;
    Optional<RegisteredSigner> pinned = current.signer(hint);
    if (pinned.isPresent()) {
      return new SignerLookup.Registered(pinned.get());
    }

    SignerLookup result = new SignerLookup.NotRegistered();
    for (PartnerDirectory.SignerAnchor signerAnchor : current.signerAnchors()) {
      SigningAnchor anchor = signerAnchor.anchor();
      if (!anchor.anchors().requiredSubject().map(hint.getSubjectX500Principal()::equals).orElse(false)) {
        continue;
      }
      Partner partner = signerAnchor.partner();
      PathValidation validation =
          pathValidator.validate(
              hint,
              hintedChain.stream().filter(certificate -> !certificate.equals(hint)).toList(),
              anchor.anchors(),
              CertificateRole.DOCUMENT_SIGNING,
              clock.instant(),
              partner.revocationPolicy());
      switch (validation) {
        case PathValidation.Valid valid -> {
          return new SignerLookup.Registered(
              new RegisteredSigner(
                  partner.id(),
                  hint,
                  anchor.notBefore(),
                  anchor.notAfter(),
                  valid.evidence(),
                  chainAbove(valid)));
        }
        case PathValidation.Invalid invalid ->
            result = new SignerLookup.Rejected(PathFailureReasons.forSigner(invalid));
      }
    }
    return result;
  }

  @Override
  public List<RegisteredHmacKey> hmacKeysOf(String partnerId) {
    return directory.partner(partnerId).map(Partner::hmacKeys).orElse(List.of());
  }

  /** Returns the RFC 9421 key with this key id, whichever partner registered it. */
  public Optional<HttpSignatureKey> findHttpSignatureKey(String keyId) {
    return directory.httpSignatureKey(keyId);
  }

  /** Returns whether any partner accepts requests that only the document's signature identifies. */
  public boolean hasSignatureOnlyPartners() {
    return directory.partners().stream().anyMatch(partner -> partner.authentication().signatureOnly());
  }

  /** Returns the partner's JWS policy, or the default policy for an unknown partner. */
  public JwsPolicy jwsPolicyOf(String partnerId) {
    return directory.partner(partnerId).map(Partner::jwsPolicy).orElse(JwsPolicy.defaults());
  }

  @Override
  public List<RegisteredSigner> signersOf(String partnerId) {
    return directory.partner(partnerId).map(Partner::signers).orElse(List.of());
  }

  /** Returns the validated path's CA certificates above the leaf, ending with the trust anchor. */
  private static List<X509Certificate> chainAbove(PathValidation.Valid valid) {
    List<X509Certificate> chain = new ArrayList<>();
    valid.path().getCertificates().stream()
        .skip(1)
        .map(X509Certificate.class::cast)
        .forEach(chain::add);
    chain.add(valid.anchor());
    return chain;
  }
}
