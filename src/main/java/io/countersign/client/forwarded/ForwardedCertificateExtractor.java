package io.countersign.client.forwarded;

import io.countersign.client.forwarded.ForwardedCertificateOutcome.Forwarded;
import io.countersign.client.forwarded.ForwardedCertificateOutcome.IgnoredUntrustedPeer;
import io.countersign.client.forwarded.ForwardedCertificateOutcome.Malformed;
import io.countersign.client.forwarded.ForwardedCertificateOutcome.NotForwarded;
import io.countersign.platform.Rejection;
import io.countersign.platform.RejectionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the client certificate that a trusted edge proxy forwarded in a request header.
 *
 * <p>Guarantees: a header is parsed only when the peer address is in the trusted proxies, and a
 * header from any other peer yields {@link IgnoredUntrustedPeer} without being parsed. Bad input
 * from a trusted proxy yields {@link Malformed}, never an exception: a value longer than the
 * limit, more certificates than the limit, invalid encoding, anything but whole X.509
 * certificates, a header that must occur once occurring more than once, or more than one
 * configured header in one request. A {@link Forwarded} certificate is parsed, not trusted: the
 * partner registry decides which partner it identifies. Instances are immutable and thread-safe.
 */
public final class ForwardedCertificateExtractor {

  private final ForwardedCertificateSettings settings;

  public ForwardedCertificateExtractor(ForwardedCertificateSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Extracts the forwarded certificate of one request.
   *
   * @param remoteAddress the peer address of the TCP connection, as the servlet container reports
   *     it, never a value taken from a header such as {@code X-Forwarded-For}
   * @param headers returns every field line of the named header, without regard to case, or an
   *     empty list or {@code null} when it is absent. JAX-RS {@code getHeaders()::get} fits.
   */
  public ForwardedCertificateOutcome extract(
      String remoteAddress, Function<String, List<String>> headers) {
    List<PresentHeader> present = presentHeaders(headers);
    if (present.isEmpty()) {
      return new NotForwarded();
    }

    PresentHeader header = present.getFirst();
    if (!settings.trustedProxies().contains(remoteAddress)) {
      return new IgnoredUntrustedPeer(remoteAddress, header.configured().name());
    }
    if (present.size() > 1) {
      return new Malformed(moreThanOneHeader(present));
    }

    try {
      ParsedCertificates certificates = parse(header);
      ForwardedCertificateHeader configured = header.configured();
      return new Forwarded(
          certificates.leaf(),
          certificates.chain(),
          remoteAddress,
          configured.name(),
          configured.format());
    } catch (MalformedHeaderException e) {
      return new Malformed(malformed(header.configured(), e.getMessage()));
    }
  }

  private List<PresentHeader> presentHeaders(Function<String, List<String>> headers) {
    List<PresentHeader> present = new ArrayList<>();
    for (ForwardedCertificateHeader configured : settings.headers()) {
      List<String> lines = lines(headers, configured.name());
      List<String> chainLines =
          configured.chainName().equals(configured.name())
              ? List.of()
              : lines(headers, configured.chainName());
      if (!lines.isEmpty() || !chainLines.isEmpty()) {
        present.add(new PresentHeader(configured, lines, chainLines));
      }
    }
    return present;
  }

  private static List<String> lines(Function<String, List<String>> headers, String name) {
    List<String> lines = headers.apply(name);
    return lines == null ? List.of() : lines.stream().filter(Objects::nonNull).toList();
  }

  private ParsedCertificates parse(PresentHeader header) throws MalformedHeaderException {
    requireWithinLength(header.lines());
    requireWithinLength(header.chainLines());
    int maxCertificates = settings.maxCertificates();

    return switch (header.configured().format()) {
      case RFC_9440 ->
          Rfc9440Parser.parse(requireNotBlank(header.lines()), header.chainLines(), maxCertificates);
      case NGINX, AWS_ALB ->
          ParsedCertificates.ofLeafFirst(
              CertificateDecoder.fromUrlEncodedPem(singleLine(header.lines()), maxCertificates));
      case ENVOY_XFCC ->
          XfccParser.parse(String.join(",", requireNotBlank(header.lines())), maxCertificates);
    };
  }

  private void requireWithinLength(List<String> lines) throws MalformedHeaderException {
    long length = lines.stream().mapToLong(String::length).sum() + Math.max(0, lines.size() - 1);
    if (length > settings.maxHeaderLength()) {
      throw new MalformedHeaderException(
          "the value is longer than the limit of " + settings.maxHeaderLength() + " characters");
    }
  }

  private static List<String> requireNotBlank(List<String> lines) throws MalformedHeaderException {
    for (String line : lines) {
      if (line.isBlank()) {
        throw new MalformedHeaderException("the value is empty");
      }
    }
    return lines;
  }

  private static String singleLine(List<String> lines) throws MalformedHeaderException {
    if (lines.size() > 1) {
      throw new MalformedHeaderException("the header occurs more than once");
    }
    return requireNotBlank(lines).getFirst();
  }

  private static Rejection malformed(ForwardedCertificateHeader header, String problem) {
    return new Rejection(
        RejectionReason.FORWARDED_CERTIFICATE_MALFORMED,
        "The client certificate that the edge proxy forwarded in header "
            + header.name()
            + " ("
            + header.format().label()
            + ") is malformed: "
            + problem
            + ". This is a fault between the proxy and the service, so please report it to the"
            + " operator of the service.");
  }

  private static Rejection moreThanOneHeader(List<PresentHeader> present) {
    String names =
        present.stream().map(header -> header.configured().name()).collect(Collectors.joining(", "));
    return new Rejection(
        RejectionReason.FORWARDED_CERTIFICATE_MALFORMED,
        "The edge proxy forwarded client certificates in more than one header ("
            + names
            + "), so none of them is used. Please report this to the operator of the service.");
  }

  /** A configured header with the field lines that the request carries. */
  private record PresentHeader(
      ForwardedCertificateHeader configured, List<String> lines, List<String> chainLines) {}
}
