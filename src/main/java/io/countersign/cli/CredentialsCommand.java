package io.countersign.cli;

import io.countersign.partner.Partner;
import io.countersign.partner.PartnerFiles;
import io.countersign.partner.SigningAnchor;
import io.countersign.partner.TlsClientCredential;
import io.countersign.signature.RegisteredHmacKey;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.http.HttpSignatureKey;
import io.countersign.trust.CertificateSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the partners' credentials by expiry, so that operators rotate them before an outage. */
@Command(
    name = "credentials",
    mixinStandardHelpOptions = true,
    description = {
      "Lists every credential in the partner files (TLS client certificates and CAs, signing"
          + " certificates and CAs, HMAC keys, HTTP signature keys) with the instant it stops"
          + " being accepted: the earlier of the certificate's notAfter and the registration's.",
      "Credentials without an end are listed last as 'no end'."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Listed; no partner file is invalid.",
      "1:At least one partner file is invalid (listed on standard error).",
      "2:Invalid command-line options."
    })
final class CredentialsCommand implements Callable<Integer> {

  /** One credential of a partner and the instant it expires, or {@code null} for no end. */
  record Credential(String partnerId, String kind, String name, Instant expires) {}

  @Spec CommandSpec spec;

  @Option(
      names = "--partners",
      defaultValue = "server-config/partners",
      paramLabel = "DIR",
      description = "Directory of the partner files (default: ${DEFAULT-VALUE}).")
  Path directory;

  @Option(
      names = "--expiring-within",
      paramLabel = "DAYS",
      description = "List only credentials that expire within this many days, or already have.")
  Integer days;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PartnerFiles.Contents contents = PartnerFiles.read(directory);
    Instant now = clock.instant();
    Instant horizon = days == null ? null : now.plus(Duration.ofDays(days));

    List<Credential> credentials = new ArrayList<>();
    contents.partners().forEach(partner -> credentials.addAll(credentialsOf(partner)));
    credentials.sort(
        Comparator.comparing(Credential::expires, Comparator.nullsLast(Comparator.naturalOrder())));

    PrintWriter out = spec.commandLine().getOut();
    int listed = 0;
    for (Credential credential : credentials) {
      if (horizon == null || (credential.expires() != null && credential.expires().isBefore(horizon))) {
        out.println(describe(credential, now));
        listed++;
      }
    }
    if (listed == 0) {
      out.println(days == null ? "No credentials found." : "No credential expires within " + days + " days.");
    }
    contents.errors().forEach(spec.commandLine().getErr()::println);
    return contents.errors().isEmpty() ? 0 : 1;
  }

  static List<Credential> credentialsOf(Partner partner) {
    List<Credential> credentials = new ArrayList<>();
    String id = partner.id();
    for (TlsClientCredential tls : partner.tlsClients()) {
      if (tls.anchors() != null) {
        X509Certificate ca = tls.anchors().anchors().getFirst();
        credentials.add(
            new Credential(id, "tls-ca", subject(ca), earliest(ca.getNotAfter().toInstant(), tls.notAfter())));
      } else if (tls.certificate() != null) {
        credentials.add(
            new Credential(
                id, "tls", subject(tls.certificate()), earliest(tls.certificate().getNotAfter().toInstant(), tls.notAfter())));
      } else {
        credentials.add(new Credential(id, "tls", "SHA-256 " + tls.sha256(), tls.notAfter()));
      }
    }
    for (RegisteredSigner signer : partner.signers()) {
      X509Certificate certificate = signer.certificate();
      credentials.add(
          new Credential(
              id, "signing", subject(certificate), earliest(certificate.getNotAfter().toInstant(), signer.notAfter())));
    }
    for (SigningAnchor anchor : partner.signingAnchors()) {
      X509Certificate ca = anchor.anchors().anchors().getFirst();
      credentials.add(
          new Credential(id, "signing-ca", subject(ca), earliest(ca.getNotAfter().toInstant(), anchor.notAfter())));
    }
    for (RegisteredHmacKey key : partner.hmacKeys()) {
      credentials.add(new Credential(id, "hmac", "key " + key.keyId(), key.notAfter()));
    }
    for (HttpSignatureKey key : partner.httpSignatureKeys()) {
      credentials.add(new Credential(id, "http-signature", "key " + key.keyId(), key.notAfter()));
    }
    return credentials;
  }

  private static String describe(Credential credential, Instant now) {
    String expiry;
    if (credential.expires() == null) {
      expiry = "no end";
    } else {
      long days = Duration.between(now, credential.expires()).toDays();
      expiry = credential.expires() + (credential.expires().isBefore(now) ? " (expired)" : " (in " + days + " days)");
    }
    return String.join("\t", credential.partnerId(), credential.kind(), credential.name(), expiry);
  }

  private static String subject(X509Certificate certificate) {
    return CertificateSummary.of(certificate).subject();
  }

  private static Instant earliest(Instant certificateEnd, Instant registrationEnd) {
    return registrationEnd != null && registrationEnd.isBefore(certificateEnd) ? registrationEnd : certificateEnd;
  }
}
