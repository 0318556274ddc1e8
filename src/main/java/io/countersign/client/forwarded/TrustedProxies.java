package io.countersign.client.forwarded;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer addresses whose forwarded client certificate headers are read: the edge proxies that
 * terminate the partners' mutual TLS.
 *
 * <p>Configured as a comma-separated list of CIDR ranges or single addresses, IPv4 and IPv6, for
 * example {@code 127.0.0.2/32, 10.0.0.0/8, ::1/128}. Only address literals are accepted, and no
 * host name is ever resolved, so that DNS cannot widen the list. Instances are immutable and
 * thread-safe.
 */
public final class TrustedProxies {

  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<AddressRange> ranges;

  private TrustedProxies(List<AddressRange> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** Returns an empty list, which trusts no peer: every forwarded header is ignored. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Parses a comma-separated list of CIDR ranges. Blank input yields {@link #none()}.
   *
   * @throws IllegalArgumentException naming the first invalid entry and its position
   */
  public static TrustedProxies parse(String configuration) {
    if (configuration == null || configuration.isBlank()) {
      return NONE;
    }
    String[] entries = configuration.split(",", -1);
    List<AddressRange> ranges = new ArrayList<>();
    for (int i = 0; i < entries.length; i++) {
      ranges.add(parseEntry(entries[i].strip(), i + 1));
    }
    return new TrustedProxies(ranges);
  }

  /**
   * Returns whether the peer address is in one of the ranges. An IPv4-mapped IPv6 address such as
   * {@code ::ffff:127.0.0.2} matches as its IPv4 address. Anything that is not an address literal,
   * including a host name or an IPv6 address with a zone id, is not contained.
   */
  public boolean contains(String remoteAddress) {
    if (remoteAddress == null || ranges.isEmpty()) {
      return false;
    }
    InetAddress address;
    try {
      address = IpLiteral.parse(withoutBrackets(remoteAddress.strip()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return ranges.stream().anyMatch(range -> range.contains(address));
  }

  /** Returns the ranges as configured, for a start-up log line. */
  public List<String> ranges() {
    return ranges.stream().map(AddressRange::text).toList();
  }

  @Override
  public String toString() {
    return String.join(", ", ranges());
  }

  private static AddressRange parseEntry(String entry, int position) {
    if (entry.isEmpty()) {
      throw new IllegalArgumentException(
          "Trusted proxy entry " + position + " is empty. Remove the extra comma.");
    }
    try {
      return AddressRange.parse(entry);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid trusted proxy entry "
              + position
              + ": "
              + e.getMessage()
              + ". Use a CIDR range of address literals such as 10.0.0.0/8 or ::1/128",
          e);
    }
  }

  private static String withoutBrackets(String address) {
    boolean bracketed = address.length() > 2 && address.startsWith("[") && address.endsWith("]");
    return bracketed ? address.substring(1, address.length() - 1) : address;
  }
}
