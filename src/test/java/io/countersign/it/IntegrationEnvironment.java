package io.countersign.it;

import java.net.URI;
import java.nio.file.Path;

/** Paths and addresses of the integration test environment, as Failsafe passes them. */
final class IntegrationEnvironment {

  private IntegrationEnvironment() {}

  static Path war() {
    return Path.of(property("countersign.war"));
  }

  static Path cliJar() {
    return Path.of(property("countersign.cli"));
  }

  /** Returns the integration tests' development PKI, laid out as {@code keystores/}. */
  static Path pki() {
    return Path.of(property("countersign.pki"));
  }

  static Path caCertificate() {
    return pki().resolve("ca.pem");
  }

  static PartnerKeys partner(String partnerId) {
    return new PartnerKeys(pki().resolve("partners").resolve(partnerId));
  }

  static Path conformance() {
    return Path.of(property("countersign.conformance"));
  }

  static Path ublInvoice() {
    return conformance().resolve("business-documents/oasis-ubl-2.1/UBL-Invoice-2.1-Example.xml");
  }

  static Path nodePeers() {
    return Path.of(property("countersign.node"));
  }

  /** Returns the spool directory of the server that Arquillian deploys to. */
  static Path spoolDirectory() {
    return Path.of(property("countersign.spool.dir"));
  }

  /** Returns a directory under target/ for files that the tests hand to external tools. */
  static Path workDirectory() {
    return Path.of(property("java.io.tmpdir")).resolve("it-work");
  }

  /**
   * Returns the name of a PostgreSQL schema for one test's own use: the integration tests' schema
   * with {@code purpose} as a suffix, so that runs with different schemas do not drop each other's.
   */
  static String postgresqlSchema(String purpose) {
    return property("countersign.postgresql.schema") + "_" + purpose;
  }

  static URI baseUri() {
    return URI.create("https://127.0.0.1:" + property("countersign.https.port"));
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property " + name + " is not set; run the integration tests through Maven (mvn verify)");
    }
    return value;
  }

  /** A partner's PEM files in the development PKI layout. */
  record PartnerKeys(Path directory) {

    Path tlsCertificate() {
      return directory.resolve("tls.pem");
    }

    Path tlsKey() {
      return directory.resolve("tls.key");
    }

    Path signingCertificate() {
      return directory.resolve("signing.pem");
    }

    Path signingKey() {
      return directory.resolve("signing.key");
    }
  }
}
