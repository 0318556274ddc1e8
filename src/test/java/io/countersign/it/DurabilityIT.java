package io.countersign.it;

import static io.countersign.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Nothing acknowledged is lost: a server killed with SIGKILL in the middle of submissions, and a
 * database that becomes unreachable and comes back. The servers run on PostgreSQL, each in a
 * schema of its own that the test empties first.
 */
class DurabilityIT {

  private static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String USER = "postgres";

  @Test
  void killedServer_keepsEveryAcknowledgedDocument() throws Exception {
    String schema = freshSchema(IntegrationEnvironment.postgresqlSchema("durability_kill"));
    Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
    List<String> unexpected = new ArrayList<>();

    try (ServerProcess server = new ServerProcess(port(0), dataSource(5432, schema))) {
      server.start();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService clients = Executors.newFixedThreadPool(3);
      List<Future<?>> loops = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        loops.add(clients.submit(() -> submitUntilStopped(server.port(), running, acknowledged, unexpected)));
      }
      Thread.sleep(4000);
      server.kill();
      running.set(false);
      for (Future<?> loop : loops) {
        loop.get(60, TimeUnit.SECONDS);
      }
      clients.shutdown();
    }

    assertTrue(acknowledged.size() >= 5, "only " + acknowledged.size() + " documents were acknowledged");
    assertEquals(List.of(), unexpected);
    try (Connection connection = DriverManager.getConnection(POSTGRESQL + "?currentSchema=" + schema, USER, "")) {
      for (Map.Entry<String, byte[]> entry : acknowledged.entrySet()) {
        assertStored(connection, entry.getKey(), entry.getValue());
      }
    }
    String chain = CommandLineTool.verifyChain(schema);
    assertTrue(chain.startsWith("OK: "), chain);
  }

  @Test
  void unreachableDatabase_rejectsWith503ThenRecovers() throws Exception {
    String schema = freshSchema(IntegrationEnvironment.postgresqlSchema("durability_outage"));
    try (TcpForwarder database = new TcpForwarder(5432);
        ServerProcess server = new ServerProcess(port(1), dataSource(database.port(), schema))) {
      server.start();
      assertEquals(201, submit(server.port()).status());

      database.disconnect();
      Curl.Response during = submit(server.port());
      database.reconnect();

      assertProblem(during, 503, "store-unavailable");
      assertEquals(201, awaitAccepted(server.port()).status());
    }
  }

  private static void submitUntilStopped(
      int port, AtomicBoolean running, Map<String, byte[]> acknowledged, List<String> unexpected) {
    while (running.get()) {
      try {
        Curl.Response response = submit(port);
        if (response.status() == 201) {
          String id = Json.createReader(new StringReader(response.text())).readObject().getString("documentId");
          acknowledged.put(id, response.body());
        } else {
          unexpected.add(response.status() + " " + response.text());
        }
      } catch (Exception connectionLost) {
        // The server died: what it acknowledged before is what the test checks.
        return;
      }
    }
  }

  private static Curl.Response submit(int port) throws Exception {
    byte[] signed = SignedDocuments.signerOf("acme").sign(SignedDocuments.invoice("durability"));
    return Curl.asPartner("acme").via(port).post("/api/documents", "application/xml", signed);
  }

  /** Submits until the server accepts again: its connection pool may hold broken connections. */
  private static Curl.Response awaitAccepted(int port) throws Exception {
    Curl.Response response = submit(port);
    for (int attempt = 0; attempt < 20 && response.status() != 201; attempt++) {
      Thread.sleep(500);
      response = submit(port);
    }
    return response;
  }

  private static void assertStored(Connection connection, String documentId, byte[] receipt) throws Exception {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT sha256, receipt FROM document WHERE id = ?")) {
      query.setString(1, documentId);
      try (ResultSet row = query.executeQuery()) {
        assertTrue(row.next(), "acknowledged document " + documentId + " is not stored");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content(connection, documentId)));
        assertEquals(row.getString("sha256"), sha256, "content of " + documentId);
        assertArrayEquals(receipt, row.getBytes("receipt"), "receipt of " + documentId);
      }
    }
  }

  /** Returns a document's content: its chunks in order. */
  private static byte[] content(Connection connection, String documentId) throws Exception {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT bytes FROM document_content WHERE document_id = ? ORDER BY chunk_index")) {
      query.setString(1, documentId);
      try (ResultSet chunks = query.executeQuery()) {
        while (chunks.next()) {
          content.write(chunks.getBytes("bytes"));
        }
      }
    }
    return content.toByteArray();
  }

  private static Map<String, String> dataSource(int databasePort, String schema) {
    return Map.of(
        "countersign.datasource.class", "org.postgresql.ds.PGSimpleDataSource",
        "countersign.datasource.url",
            "jdbc:postgresql://127.0.0.1:" + databasePort + "/test?currentSchema=" + schema,
        "countersign.datasource.user", USER);
  }

  private static String freshSchema(String schema) throws Exception {
    try (Connection connection = DriverManager.getConnection(POSTGRESQL, USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      statement.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }

  /** Returns the port of this class's server number {@code index}, next to the test server's. */
  private static int port(int index) {
    return Integer.parseInt(System.getProperty("countersign.https.port")) + 10 + index;
  }
}
