package io.countersign.client.forwarded;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses IPv4 and IPv6 address literals without ever resolving a host name.
 *
 * <p>{@link InetAddress#getByName} looks up any text that is not a literal in DNS, so the text is
 * checked first: IPv4 as four decimal parts, IPv6 as hexadecimal digits, colons and dots with at
 * least one colon, which {@code getByName} parses as a literal or rejects. An IPv4-mapped IPv6
 * address such as {@code ::ffff:127.0.0.2} comes back as the IPv4 address.
 */
final class IpLiteral {

  /** Four decimal parts without leading zeros, which some parsers read as octal. */
  private static final Pattern IPV4 =
      Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

  /** The text forms of RFC 4291 section 2.2. Zone ids such as {@code %eth0} are rejected. */
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private IpLiteral() {}

  /**
   * Parses an address literal.
   *
   * @throws IllegalArgumentException if {@code text} is not an IPv4 or IPv6 literal
   */
  static InetAddress parse(String text) {
    if (IPV4.matcher(text).matches()) {
      return ipv4(text);
    }
    if (IPV6.matcher(text).matches()) {
      return ipv6(text);
    }
    throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address literal");
  }

  private static InetAddress ipv4(String text) {
    String[] parts = text.split("\\.");
    byte[] address = new byte[4];
    for (int i = 0; i < 4; i++) {
      int part = Integer.parseInt(parts[i]);
      if (part > 255) {
        throw new IllegalArgumentException("'" + text + "' has a part greater than 255");
      }
      address[i] = (byte) part;
    }
    return byAddress(text, address);
  }

  private static InetAddress ipv6(String text) {
    try {
      // The text contains a colon, so getByName parses it as a literal and never queries DNS.
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid IPv6 address", e);
    }
  }

  private static InetAddress byAddress(String text, byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("A 4-byte address was rejected: " + text, e);
    }
  }
}
