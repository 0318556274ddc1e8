package io.countersign.client.forwarded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

  private static final String CONFIGURATION =
      "127.0.0.2/32, 10.0.0.0/8,192.168.1.0/24 , 172.16.5.4, ::1/128, fd00::/8, 2001:db8:0:1::/64,"
          + " ::ffff:100.64.0.0/106";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.2, true",
    "127.0.0.1, false",
    "127.0.0.3, false",
    "10.0.0.1, true",
    "10.255.255.255, true",
    "11.0.0.0, false",
    "9.255.255.255, false",
    "192.168.1.77, true",
    "192.168.2.1, false",
    "172.16.5.4, true",
    "172.16.5.5, false",
    "::1, true",
    "0:0:0:0:0:0:0:1, true",
    "[::1], true",
    "::2, false",
    "fd12:3456::1, true",
    "fe80::1, false",
    "2001:db8:0:1:ffff::1, true",
    "2001:db8:0:2::1, false",
    "100.64.0.1, true",
    "100.127.255.255, true",
    "100.128.0.0, false",
    // IPv4-mapped IPv6 peers match as their IPv4 address.
    "::ffff:127.0.0.2, true",
    "::ffff:7f00:2, true",
    "::ffff:10.1.2.3, true",
    "::ffff:127.0.0.1, false",
    // Never resolved, so never contained.
    "localhost, false",
    "proxy.example, false",
    "fe80::1%eth0, false",
    "'', false",
    "127.0.0.256, false",
    "010.0.0.1, false",
  })
  void contains_matchesRangesOfBothFamilies(String remoteAddress, boolean expected) {
    TrustedProxies proxies = TrustedProxies.parse(CONFIGURATION);

    assertEquals(expected, proxies.contains(remoteAddress));
  }

  @Test
  void contains_ipv4RangeNeverMatchesNonMappedIpv6() {
    TrustedProxies proxies = TrustedProxies.parse("0.0.0.0/0");

    assertTrue(proxies.contains("203.0.113.9"));
    assertFalse(proxies.contains("2001:db8::1"));
    assertFalse(proxies.contains("::7f00:2"));
  }

  @Test
  void contains_ipv6RangeNeverMatchesIpv4() {
    TrustedProxies proxies = TrustedProxies.parse("::/0");

    assertTrue(proxies.contains("2001:db8::1"));
    assertFalse(proxies.contains("127.0.0.1"));
  }

  @Test
  void contains_nullAddress_isFalse() {
    assertFalse(TrustedProxies.parse("0.0.0.0/0").contains(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void parse_blank_trustsNoPeer(String configuration) {
    TrustedProxies proxies = TrustedProxies.parse(configuration);

    assertEquals(List.of(), proxies.ranges());
    assertFalse(proxies.contains("127.0.0.1"));
  }

  @Test
  void parse_null_trustsNoPeer() {
    assertFalse(TrustedProxies.parse(null).contains("127.0.0.1"));
  }

  @Test
  void none_trustsNoPeer() {
    assertFalse(TrustedProxies.none().contains("127.0.0.1"));
    assertFalse(TrustedProxies.none().contains("::1"));
  }

  @Test
  void ranges_keepConfiguredText() {
    TrustedProxies proxies = TrustedProxies.parse(" 10.0.0.0/8 ,::1/128");

    assertEquals(List.of("10.0.0.0/8", "::1/128"), proxies.ranges());
  }

  @Test
  void parse_hostBitsSet_areIgnored() {
    TrustedProxies proxies = TrustedProxies.parse("10.1.2.3/8");

    assertTrue(proxies.contains("10.200.0.1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "proxy.example/32",
        "deadbeef",
        "10.0.0.0/33",
        "10.0.0.0/-1",
        "10.0.0.0/",
        "10.0.0.0/8/8",
        "10.0.0.0/x",
        "256.0.0.1",
        "10.0.0",
        "010.0.0.0/8",
        "::1/129",
        "::ffff:10.0.0.0/95",
        "1:2:3:4:5:6:7:8:9",
        "fe80::1%eth0",
        "10.0.0.0/8,,::1",
        "10.0.0.0/8,",
        "[::1]",
        "10.0.0.0 /8",
      })
  void parse_invalidEntry_isRejected(String configuration) {
    assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(configuration));
  }

  @Test
  void parse_invalidEntry_messageNamesPosition() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/8, proxy"));

    assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
    assertTrue(e.getMessage().contains("'proxy'"), e.getMessage());
  }
}
