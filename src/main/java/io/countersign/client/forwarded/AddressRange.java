package io.countersign.client.forwarded;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * One CIDR range of IPv4 or IPv6 addresses, for example {@code 10.0.0.0/8} or {@code ::1/128}. An
 * address without a prefix length is a range of one address.
 *
 * @param network the address bytes with every bit after the prefix cleared
 * @param text the range as configured, for messages
 */
record AddressRange(byte[] network, int prefixLength, String text) {

  /**
   * Parses {@code address/prefix} or a single address.
   *
   * @throws IllegalArgumentException if the address is not a literal or the prefix length is out
   *     of range for its family
   */
  static AddressRange parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    InetAddress address = IpLiteral.parse(addressText);
    int maxPrefix = address.getAddress().length * 8;
    int prefix = slash < 0 ? maxPrefix : prefixLength(text, text.substring(slash + 1));

    // An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) parses to an IPv4 address, so its prefix
    // length counts the 96 bits of the ::ffff:0:0/96 prefix (RFC 4291 section 2.5.5.2).
    if (address instanceof Inet4Address && addressText.contains(":") && slash >= 0) {
      prefix -= 96;
    }
    if (prefix < 0 || prefix > maxPrefix) {
      throw new IllegalArgumentException(
          "The prefix length of '" + text + "' is out of range for its address family");
    }
    return new AddressRange(mask(address.getAddress(), prefix), prefix, text);
  }

  /** Returns whether {@code address} is in this range. An IPv4 address never matches IPv6. */
  boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length
        && Arrays.equals(mask(bytes, prefixLength), network);
  }

  private static int prefixLength(String text, String prefix) {
    if (!prefix.matches("[0-9]{1,3}")) {
      throw new IllegalArgumentException(
          "The prefix length of '" + text + "' must be a decimal number");
    }
    return Integer.parseInt(prefix);
  }

  private static byte[] mask(byte[] address, int prefixLength) {
    byte[] masked = address.clone();
    for (int bit = prefixLength; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return masked;
  }
}
