package io.countersign.client.forwarded;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes certificates from DER, PEM and URL-encoded PEM, strictly: anything other than whole
 * certificates is rejected rather than skipped.
 */
final class CertificateDecoder {

  /**
   * One PEM certificate (RFC 7468 section 5). Whitespace of any kind may separate the base64 lines,
   * which covers nginx's deprecated {@code $ssl_client_cert} with a tab after each line break.
   */
  private static final Pattern PEM_CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*)-----END CERTIFICATE-----");

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private CertificateDecoder() {}

  /**
   * Decodes URL-encoded PEM: percent-decoding (RFC 3986 section 2.1) in which {@code +} stays a
   * literal {@code +} and never becomes a space. nginx and Envoy escape {@code +} as {@code %2B},
   * and AWS ALB sends it unescaped, so for all three a {@code +} is a base64 character.
   */
  static List<X509Certificate> fromUrlEncodedPem(String value, int maxCertificates)
      throws MalformedHeaderException {
    String pem;
    try {
      pem = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MalformedHeaderException("the value is not valid percent-encoding", e);
    }
    return fromPem(pem, maxCertificates);
  }

  /** Decodes one or more PEM certificates separated by nothing but whitespace. */
  static List<X509Certificate> fromPem(String pem, int maxCertificates)
      throws MalformedHeaderException {
    List<String> bodies = pemBodies(pem);
    if (bodies.isEmpty()) {
      throw new MalformedHeaderException("the value contains no PEM certificate");
    }
    requireAtMost(bodies.size(), maxCertificates);

    List<X509Certificate> certificates = new ArrayList<>();
    for (String body : bodies) {
      certificates.add(fromDer(base64(WHITESPACE.matcher(body).replaceAll(""))));
    }
    return certificates;
  }

  /**
   * Decodes exactly one DER certificate. Trailing bytes are rejected, because the JDK parser stops
   * after the first certificate and would otherwise ignore them.
   */
  static X509Certificate fromDer(byte[] der) throws MalformedHeaderException {
    X509Certificate certificate;
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      // Bad input must end as a malformed header, never as a 500, so an unchecked exception from
      // the parser counts as a failed parse too.
      throw new MalformedHeaderException("a certificate is not a valid X.509 certificate", e);
    }
    if (!Arrays.equals(encoding(certificate), der)) {
      throw new MalformedHeaderException("a certificate has trailing bytes after its DER encoding");
    }
    return certificate;
  }

  /** Rejects more certificates than the limit before any of them is decoded. */
  static void requireAtMost(int count, int maxCertificates) throws MalformedHeaderException {
    if (count > maxCertificates) {
      throw new MalformedHeaderException(
          "it contains " + count + " certificates, more than the limit of " + maxCertificates);
    }
  }

  private static List<String> pemBodies(String pem) throws MalformedHeaderException {
    List<String> bodies = new ArrayList<>();
    Matcher matcher = PEM_CERTIFICATE.matcher(pem);
    int end = 0;
    while (matcher.find()) {
      requireBlank(pem.substring(end, matcher.start()));
      bodies.add(matcher.group(1));
      end = matcher.end();
    }
    requireBlank(pem.substring(end));
    return bodies;
  }

  private static void requireBlank(String text) throws MalformedHeaderException {
    if (!text.isBlank()) {
      throw new MalformedHeaderException(
          "the value contains text other than PEM CERTIFICATE blocks");
    }
  }

  private static byte[] base64(String text) throws MalformedHeaderException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedHeaderException("a certificate is not valid base64", e);
    }
  }

  private static byte[] encoding(X509Certificate certificate) throws MalformedHeaderException {
    try {
      return certificate.getEncoded();
    } catch (CertificateException e) {
      throw new MalformedHeaderException("a certificate cannot be encoded again", e);
    }
  }
}
