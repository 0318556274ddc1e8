package io.countersign.benchmark.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of a load run.
 *
 * @param server base URL of the server, on a loopback address
 * @param keystores the development PKI that the server uses (CA and partner keys)
 * @param partners the partners that send, each with its own TLS client and signing key
 * @param threadsPerPartner concurrent requests per partner, each thread on its own connection
 * @param rate requests per second over all partners, or 0 to send as fast as the threads can
 * @param warmupSeconds seconds of load before the measurement starts
 * @param durationSeconds seconds of measured load
 * @param documentsPerPartner pre-signed documents per partner; 0 derives it from the rate
 * @param documentBytes the size of a signed invoice, signature included
 * @param serverPid the server's process id for CPU and heap figures, or 0 for none
 * @param ceilingSeconds seconds of in-process verification before the load, or 0 to skip it
 * @param receiptSampleEvery keep every n-th response to verify its receipt after the run
 */
record LoadOptions(
    URI server,
    Path keystores,
    List<String> partners,
    int threadsPerPartner,
    int rate,
    int warmupSeconds,
    int durationSeconds,
    int documentsPerPartner,
    int documentBytes,
    long serverPid,
    int ceilingSeconds,
    int receiptSampleEvery) {

  /** Saturation runs without a document count send at most this many per partner. */
  private static final int SATURATION_DOCUMENTS_PER_PARTNER = 8_000;

  static LoadOptions parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Invalid argument '" + args[i] + "': expected --name value pairs");
      }
      values.put(args[i].substring(2), args[i + 1]);
    }

    LoadOptions options =
        new LoadOptions(
            URI.create(values.getOrDefault("server", "https://127.0.0.1:8443")),
            Path.of(values.getOrDefault("keystores", "keystores")),
            List.of(values.getOrDefault("partners", "acme,globex").split(",")),
            Integer.parseInt(values.getOrDefault("threads", "4")),
            Integer.parseInt(values.getOrDefault("rate", "0")),
            Integer.parseInt(values.getOrDefault("warmup", "5")),
            Integer.parseInt(values.getOrDefault("duration", "20")),
            Integer.parseInt(values.getOrDefault("documents", "0")),
            Integer.parseInt(values.getOrDefault("document-bytes", "10000")),
            Long.parseLong(values.getOrDefault("server-pid", "0")),
            Integer.parseInt(values.getOrDefault("ceiling", "10")),
            Integer.parseInt(values.getOrDefault("receipt-sample-every", "50")));
    options.requireLoopback();
    return options;
  }

  /** Returns the documents that each partner needs for the warm-up and the measurement. */
  int documentsNeededPerPartner() {
    if (documentsPerPartner > 0) {
      return documentsPerPartner;
    }
    if (rate == 0) {
      return SATURATION_DOCUMENTS_PER_PARTNER;
    }
    // 5 % more than the schedule, so that a run never ends for want of documents.
    long scheduled = (long) rate * (warmupSeconds + durationSeconds) / partners.size();
    return Math.toIntExact(scheduled + scheduled / 20 + threadsPerPartner);
  }

  /** Rejects a server that is not on a loopback address, so the driver never loads a real host. */
  private void requireLoopback() {
    try {
      if (!InetAddress.getByName(server.getHost()).isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "Invalid --server " + server + ": the load driver sends to loopback addresses only");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Invalid --server " + server + ": unknown host", e);
    }
  }
}
