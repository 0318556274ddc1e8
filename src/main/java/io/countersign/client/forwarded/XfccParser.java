package io.countersign.client.forwarded;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses Envoy's {@code x-forwarded-client-cert} (XFCC) header as Envoy's header manipulation
 * documentation defines it: a comma-separated list of elements, each a semicolon-separated list of
 * {@code key=value} pairs. Keys are case-insensitive. A value that contains {@code ,}, {@code ;} or
 * {@code =} is double-quoted, with a {@code "} inside written as {@code \"}. Envoy writes {@code
 * Cert} and {@code Chain} as URL-encoded PEM, which it escapes with {@code %0A}, {@code %20}, {@code
 * %2B}, {@code %2F} and {@code %3D}, and quotes them.
 *
 * <p>Only the last element is read. Each proxy appends its element to the end, so the last one is
 * the element that the trusted peer added about the TLS client it served. Earlier elements were
 * added by proxies further away, which this service cannot check. Keys other than {@code Cert} and
 * {@code Chain}, such as {@code By}, {@code Hash}, {@code Subject}, {@code URI} and {@code DNS},
 * are ignored.
 *
 * <p>NOTE: When an inner Envoy appends (APPEND_FORWARD), its element describes the certificate of
 * the proxy before it, not the partner's. Configure the edge Envoy with SANITIZE_SET and inner hops
 * with FORWARD_ONLY, so that the last element is the edge's.
 */
final class XfccParser {

  private XfccParser() {}

  static ParsedCertificates parse(String value, int maxCertificates)
      throws MalformedHeaderException {
    List<List<Pair>> elements = new XfccTokenizer(value).elements();
    if (elements.isEmpty()) {
      throw new MalformedHeaderException("the value contains no XFCC element");
    }
    List<Pair> nearest = elements.getLast();

    String cert = single(nearest, "Cert", true);
    String chain = single(nearest, "Chain", false);
    X509Certificate leaf = leaf(cert, maxCertificates);
    if (chain == null) {
      return new ParsedCertificates(leaf, List.of());
    }
    return withChain(leaf, CertificateDecoder.fromUrlEncodedPem(chain, maxCertificates));
  }

  private static X509Certificate leaf(String cert, int maxCertificates)
      throws MalformedHeaderException {
    List<X509Certificate> certificates = CertificateDecoder.fromUrlEncodedPem(cert, maxCertificates);
    if (certificates.size() != 1) {
      throw new MalformedHeaderException("the Cert key contains more than one certificate");
    }
    return certificates.getFirst();
  }

  /** Envoy's {@code Chain} starts with the leaf, which must be the one in {@code Cert}. */
  private static ParsedCertificates withChain(X509Certificate leaf, List<X509Certificate> chain)
      throws MalformedHeaderException {
    if (!chain.getFirst().equals(leaf)) {
      throw new MalformedHeaderException("the Chain key does not start with the Cert certificate");
    }
    return ParsedCertificates.ofLeafFirst(chain);
  }

  private static String single(List<Pair> pairs, String key, boolean required)
      throws MalformedHeaderException {
    List<String> values =
        pairs.stream().filter(pair -> pair.key().equalsIgnoreCase(key)).map(Pair::value).toList();
    if (values.size() > 1) {
      throw new MalformedHeaderException("the last XFCC element has more than one " + key + " key");
    }
    if (values.isEmpty() && required) {
      throw new MalformedHeaderException("the last XFCC element has no " + key + " key");
    }
    return values.isEmpty() ? null : values.getFirst();
  }

  /** One key=value pair, with the key in lower case and the value unquoted. */
  record Pair(String key, String value) {}

  /** Splits the header into elements and pairs, honouring double quotes. */
  private static final class XfccTokenizer {

    private final String text;
    private int position;

    XfccTokenizer(String text) {
      this.text = text;
    }

    List<List<Pair>> elements() throws MalformedHeaderException {
      List<List<Pair>> elements = new ArrayList<>();
      List<Pair> element = new ArrayList<>();
      while (true) {
        skipWhitespace();

        // An empty list member is skipped, as RFC 9110 section 5.6.1 requires of recipients.
        if (!atEnd() && peek() != ',' && peek() != ';') {
          element.add(pair());
        }
        if (atEnd()) {
          addIfNotEmpty(elements, element);
          return elements;
        }
        char separator = text.charAt(position++);
        if (separator == ',') {
          addIfNotEmpty(elements, element);
          element = new ArrayList<>();
        }
      }
    }

    private Pair pair() throws MalformedHeaderException {
      int equals = text.indexOf('=', position);
      String key = equals < 0 ? "" : text.substring(position, equals).strip();
      if (key.isEmpty() || !key.chars().allMatch(XfccTokenizer::isKeyCharacter)) {
        throw new MalformedHeaderException("an XFCC element contains an invalid key=value pair");
      }
      position = equals + 1;
      skipWhitespace();
      String value = !atEnd() && peek() == '"' ? quoted() : unquoted();
      return new Pair(key.toLowerCase(Locale.ROOT), value);
    }

    private String quoted() throws MalformedHeaderException {
      StringBuilder value = new StringBuilder();
      position++;
      while (!atEnd() && peek() != '"') {
        // Envoy escapes only the double quote, so any other backslash is a literal character.
        boolean escapedQuote =
            peek() == '\\' && position + 1 < text.length() && text.charAt(position + 1) == '"';
        position += escapedQuote ? 1 : 0;
        value.append(text.charAt(position++));
      }
      if (atEnd()) {
        throw new MalformedHeaderException("an XFCC value has no closing double quote");
      }
      position++;
      skipWhitespace();
      if (!atEnd() && peek() != ',' && peek() != ';') {
        throw new MalformedHeaderException("an XFCC quoted value is followed by other text");
      }
      return value.toString();
    }

    private String unquoted() throws MalformedHeaderException {
      int start = position;
      while (!atEnd() && peek() != ',' && peek() != ';') {
        if (peek() == '"' || peek() == '=') {
          throw new MalformedHeaderException("an unquoted XFCC value contains '\"' or '='");
        }
        position++;
      }
      return text.substring(start, position).strip();
    }

    private void skipWhitespace() {
      while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
        position++;
      }
    }

    private boolean atEnd() {
      return position >= text.length();
    }

    private char peek() {
      return text.charAt(position);
    }

    private static boolean isKeyCharacter(int c) {
      return c > ' ' && c < 0x7f && ",;=\"".indexOf(c) < 0;
    }

    private static void addIfNotEmpty(List<List<Pair>> elements, List<Pair> element) {
      if (!element.isEmpty()) {
        elements.add(element);
      }
    }
  }
}
