package io.countersign.tls;

import java.security.Provider;

/**
 * A JCA provider of the {@value #ALGORITHM} trust manager factory, for the HTTPS listener.
 *
 * <p>Payara Micro loads it from the boot class path (it must not depend on anything outside
 * {@code java.base}) and its listener names it as {@code trust-algorithm}.
 */
public final class ClientTrustProvider extends Provider {

  /** The trust manager factory algorithm that this provider registers. */
  public static final String ALGORITHM = "CountersignClientTrust";

  public ClientTrustProvider() {
    super(ALGORITHM, "1.0", "Defers client certificate trust to the Countersign application");
    putService(
        new Service(
            this,
            "TrustManagerFactory",
            ALGORITHM,
            DeferredClientTrustManagerFactory.class.getName(),
            null,
            null));
  }
}
