package io.countersign.signature.jws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwsPolicyTest {

  @Test
  void defaults_allowOnlyAsymmetricAlgorithms() {
    JwsPolicy policy = JwsPolicy.defaults();

    assertEquals(JwsPolicy.DEFAULT_ALGORITHMS, policy.algorithms());
    assertFalse(policy.algorithms().contains("HS256"));
    assertTrue(policy.iatRequired());
  }

  @Test
  void allowHmacAlgorithms_addsHmacOnly() {
    JwsPolicy policy = JwsPolicy.defaults().allowHmacAlgorithms();

    assertTrue(policy.algorithms().containsAll(JwsPolicy.HMAC_ALGORITHMS));
    assertTrue(policy.algorithms().containsAll(JwsPolicy.DEFAULT_ALGORITHMS));
  }

  @Test
  void allowMissingIat_keepsEverythingElse() {
    JwsPolicy policy = JwsPolicy.defaults().allowMissingIat();

    assertFalse(policy.iatRequired());
    assertEquals(JwsPolicy.defaults().maxIatAge(), policy.maxIatAge());
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "NONE", "ES256K", "RS1", "Ed448", ""})
  void constructor_unsupportedAlgorithm_rejected(String algorithm) {
    JwsPolicy defaults = JwsPolicy.defaults();

    assertThrows(IllegalArgumentException.class, () -> defaults.withAlgorithms(Set.of(algorithm)));
  }

  @Test
  void constructor_noAlgorithm_rejected() {
    JwsPolicy defaults = JwsPolicy.defaults();

    assertThrows(IllegalArgumentException.class, () -> defaults.withAlgorithms(Set.of()));
  }

  @Test
  void constructor_negativeWindowOrLimits_rejected() {
    JwsPolicy defaults = JwsPolicy.defaults();

    assertThrows(
        IllegalArgumentException.class,
        () -> defaults.withIatWindow(Duration.ofMinutes(-1), Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> defaults.withPayloadLimits(0, 10));
    assertThrows(IllegalArgumentException.class, () -> defaults.withPayloadLimits(10, 0));
  }
}
