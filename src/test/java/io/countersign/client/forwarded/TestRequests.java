package io.countersign.client.forwarded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.countersign.client.forwarded.ForwardedCertificateOutcome.Forwarded;
import io.countersign.client.forwarded.ForwardedCertificateOutcome.Malformed;
import io.countersign.platform.RejectionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Request headers, extractors and outcome checks shared by the format tests. */
final class TestRequests {

  /** The trusted edge proxy. */
  static final String PROXY = "127.0.0.2";

  /** A partner that connects directly, bypassing the proxy. */
  static final String CLIENT = "203.0.113.7";

  static final TrustedProxies TRUSTED = TrustedProxies.parse("127.0.0.2/32, ::1/128");

  private TestRequests() {}

  static ForwardedCertificateExtractor extractor(ForwardedCertificateHeader... headers) {
    return new ForwardedCertificateExtractor(
        ForwardedCertificateSettings.of(TRUSTED, List.of(headers)));
  }

  static ForwardedCertificateExtractor extractor(ForwardedCertificateFormat format) {
    return extractor(ForwardedCertificateHeader.of(format));
  }

  /**
   * Returns a case-insensitive header lookup from name and value pairs. A name given twice yields
   * two field lines, as a servlet container reports a repeated header.
   */
  static Function<String, List<String>> headers(String... namesAndValues) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.computeIfAbsent(namesAndValues[i], name -> new ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return headers::get;
  }

  static Forwarded assertForwarded(ForwardedCertificateOutcome outcome) {
    return assertInstanceOf(Forwarded.class, outcome, () -> "outcome " + outcome);
  }

  static void assertMalformed(ForwardedCertificateOutcome outcome) {
    Malformed malformed = assertInstanceOf(Malformed.class, outcome, () -> "outcome " + outcome);
    assertEquals(RejectionReason.FORWARDED_CERTIFICATE_MALFORMED, malformed.rejection().reason());
  }
}
