package io.countersign.tls;

import java.security.Security;

/**
 * Registers {@link ClientTrustProvider} when the JVM starts ({@code -javaagent}), before Payara
 * Micro creates its HTTPS listener. The agent changes no classes.
 */
public final class ClientTrustAgent {

  private ClientTrustAgent() {}

  public static void premain(String arguments) {
    Security.addProvider(new ClientTrustProvider());
  }
}
