package io.countersign.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on one PostgreSQL behind a real nginx: the same signed document posted to
 * both at the same moment is stored once, both callers get the same receipt, and the two append
 * to one evidence chain.
 */
class MultiInstanceIT {

  private static final String SCHEMA = IntegrationEnvironment.postgresqlSchema("multi_instance");
  private static final int DOCUMENTS = 12;

  @Test
  void concurrentDuplicatesAcrossInstances_areStoredOnce() throws Exception {
    freshSchema();
    int base = Integer.parseInt(System.getProperty("countersign.https.port"));
    Map<String, String> properties =
        Map.of(
            "countersign.datasource.class", "org.postgresql.ds.PGSimpleDataSource",
            "countersign.datasource.url", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA,
            "countersign.datasource.user", "postgres",
            "countersign.proxy.trusted", EdgeProxy.PROXY_ADDRESS + "/32");

    try (ServerProcess first = new ServerProcess(base + 12, properties);
        ServerProcess second = new ServerProcess(base + 13, properties)) {
      first.start();
      second.start();
      try (EdgeProxy proxy = EdgeProxy.start(base + 14, List.of(first.port(), second.port()))) {
        postEachDocumentTwiceAtOnce(proxy.port(), first.port(), second.port());
      }
    }

    try (Connection connection = connection();
        Statement statement = connection.createStatement();
        ResultSet counts =
            statement.executeQuery(
                "SELECT count(*), count(DISTINCT signature_value_sha256) FROM document")) {
      assertTrue(counts.next());
      assertEquals(DOCUMENTS, counts.getInt(1), "documents stored");
      assertEquals(DOCUMENTS, counts.getInt(2), "distinct signatures stored");
    }
    String chain = CommandLineTool.verifyChain(SCHEMA);
    assertTrue(chain.contains("OK: " + DOCUMENTS + " documents"), chain);
  }

  /**
   * Posts each document through nginx and directly to the other instance in parallel, so that the
   * two instances race to store the same signature.
   */
  private static void postEachDocumentTwiceAtOnce(int proxyPort, int firstPort, int secondPort)
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<List<Future<Curl.Response>>> pairs = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("two instances " + i));
      int direct = i % 2 == 0 ? firstPort : secondPort;
      pairs.add(
          List.of(
              clients.submit(() -> post(proxyPort, signed)), clients.submit(() -> post(direct, signed))));
    }
    for (List<Future<Curl.Response>> pair : pairs) {
      Curl.Response first = pair.get(0).get();
      Curl.Response second = pair.get(1).get();
      assertTrue(first.status() == 201 || first.status() == 200, first.text());
      assertTrue(second.status() == 201 || second.status() == 200, second.text());
      assertArrayEquals(first.body(), second.body(), "both callers get the same receipt");
      assertEquals(1, (first.status() == 201 ? 1 : 0) + (second.status() == 201 ? 1 : 0), "one stored it");
    }
    clients.shutdown();
  }

  private static Curl.Response post(int port, byte[] signed) throws Exception {
    return Curl.asPartner("acme").via(port).post("/api/documents", "application/xml", signed);
  }

  private static void freshSchema() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      statement.execute("CREATE SCHEMA " + SCHEMA);
    }
  }

  private static Connection connection() throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA, "postgres", "");
  }
}
