package io.countersign.benchmark.load;

import io.countersign.benchmark.UblDocuments;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Runs one load point against a running server and prints its figures: the in-process
 * verification ceiling of the same documents, then throughput, latency percentiles, status
 * counts, the server's CPU and heap, and a check of sampled receipts.
 *
 * <p>Options are {@code --name value} pairs, described on {@link LoadOptions}.
 */
public final class LoadDriver {

  private LoadDriver() {}

  public static void main(String[] args) throws Exception {
    LoadOptions options = LoadOptions.parse(args);

    List<PartnerKeys> partners = new ArrayList<>();
    for (String partnerId : options.partners()) {
      partners.add(PartnerKeys.read(options.keystores(), partnerId));
    }
    List<DocumentPool> pools = signDocuments(options, partners);

    Optional<InProcessCeiling.Result> ceiling = Optional.empty();
    if (options.ceilingSeconds() > 0) {
      int threads = Runtime.getRuntime().availableProcessors();
      ceiling = Optional.of(InProcessCeiling.measure(pools, partners, threads, 5, options.ceilingSeconds()));
      print("In-process ceiling: %d threads, %.0f verifications/s, %d failures",
          threads, ceiling.get().verificationsPerSecond(), ceiling.get().failures());
    }

    List<LoadRun.Sender> senders = new ArrayList<>();
    for (int i = 0; i < partners.size(); i++) {
      senders.add(new LoadRun.Sender(client(partners.get(i)), pools.get(i)));
    }
    Measurement measurement = measure(options, senders);
    report(options, pools, ceiling, measurement, new ReceiptCheck(partners.getFirst().authorities()));
  }

  private static List<DocumentPool> signDocuments(LoadOptions options, List<PartnerKeys> partners) {
    long start = System.nanoTime();
    UblDocuments invoices = UblDocuments.fromExample();
    String runId = Long.toString(System.currentTimeMillis(), 36);
    int count = options.documentsNeededPerPartner();
    List<DocumentPool> pools = new ArrayList<>();
    for (PartnerKeys partner : partners) {
      pools.add(DocumentPool.sign(partner, invoices, count, options.documentBytes(), runId));
    }
    print("Signed %d documents per partner (mean %.0f bytes) in %.1f s",
        count, pools.getFirst().meanBytes(), (System.nanoTime() - start) / 1e9);
    return pools;
  }

  /** Returns an HTTP/1.1 client, which keeps connections alive between requests of a thread. */
  private static HttpClient client(PartnerKeys partner)
      throws IOException, GeneralSecurityException {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(partner.sslContext())
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** The load run's result with the CPU and heap figures of its measurement window. */
  private record Measurement(
      LoadRun.Result run,
      double serverCpuSeconds,
      double driverCpuSeconds,
      double machineCpuSeconds,
      List<ProcessMonitor.HeapSample> heap) {}

  private static Measurement measure(LoadOptions options, List<LoadRun.Sender> senders)
      throws IOException, InterruptedException {
    if (options.serverPid() == 0) {
      LoadRun.Result run = new LoadRun(options, senders).run(() -> {});
      return new Measurement(run, Double.NaN, Double.NaN, Double.NaN, List.of());
    }

    try (ProcessMonitor monitor = ProcessMonitor.start(options.serverPid())) {
      double[] cpuAtStart = new double[3];
      int[] heapSamplesAtStart = new int[1];
      LoadRun.Result run =
          new LoadRun(options, senders)
              .run(() -> {
                cpuAtStart[0] = cpuSeconds(monitor, CpuSource.SERVER);
                cpuAtStart[1] = cpuSeconds(monitor, CpuSource.DRIVER);
                cpuAtStart[2] = cpuSeconds(monitor, CpuSource.MACHINE);
                heapSamplesAtStart[0] = monitor.samples().size();
              });
      double serverCpu = cpuSeconds(monitor, CpuSource.SERVER) - cpuAtStart[0];
      double driverCpu = cpuSeconds(monitor, CpuSource.DRIVER) - cpuAtStart[1];
      double machineCpu = cpuSeconds(monitor, CpuSource.MACHINE) - cpuAtStart[2];
      List<ProcessMonitor.HeapSample> samples = monitor.samples();
      List<ProcessMonitor.HeapSample> window =
          samples.subList(Math.max(0, heapSamplesAtStart[0] - 1), samples.size());
      return new Measurement(run, serverCpu, driverCpu, machineCpu, window);
    }
  }

  private enum CpuSource {
    SERVER,
    DRIVER,
    MACHINE
  }

  private static double cpuSeconds(ProcessMonitor monitor, CpuSource source) {
    try {
      return switch (source) {
        case SERVER -> monitor.cpuSeconds();
        case DRIVER -> monitor.ownCpuSeconds();
        case MACHINE -> monitor.machineCpuSeconds();
      };
    } catch (IOException e) {
      System.err.println("Failed to read the CPU time: " + e);
      return Double.NaN;
    }
  }

  private static void report(
      LoadOptions options,
      List<DocumentPool> pools,
      Optional<InProcessCeiling.Result> ceiling,
      Measurement measurement,
      ReceiptCheck receiptCheck) {
    LoadRun.Result run = measurement.run();
    double window = run.windowSeconds();
    double throughput = run.accepted() / window;
    Histogram latency = run.latencyNanos();
    String load = options.rate() == 0 ? "saturation" : options.rate() + "/s";

    print("Load: %s, partners %s x %d threads, warm-up %d s, measured %.1f s%s",
        load, String.join(",", options.partners()), options.threadsPerPartner(),
        options.warmupSeconds(), window, run.ranOutOfDocuments() ? " (ran out of documents)" : "");
    print("Throughput: %.1f accepted documents/s (201 Created)", throughput);
    print("Latency ms: p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f over %d requests",
        millis(latency, 50), millis(latency, 90), millis(latency, 99), millis(latency, 99.9),
        latency.getMaxValue() / 1e6, latency.getTotalCount());
    print("Statuses: %s", run.statuses());
    // Whatever else ran on the machine in the window competed with the server for the cores.
    double others =
        measurement.machineCpuSeconds() - measurement.serverCpuSeconds()
            - measurement.driverCpuSeconds();
    print("CPU in cores (of %d): server %.2f, load driver %.2f, other processes %.2f",
        Runtime.getRuntime().availableProcessors(), measurement.serverCpuSeconds() / window,
        measurement.driverCpuSeconds() / window, others / window);
    printHeap(measurement.heap());
    printReceipts(run.samples(), receiptCheck);
    ceiling.ifPresent(result ->
        print("Ratio to the in-process ceiling: %.2f (%.1f / %.0f per second)",
            throughput / result.verificationsPerSecond(), throughput,
            result.verificationsPerSecond()));
    print("Mean document: %.0f bytes", pools.getFirst().meanBytes());
  }

  private static void printHeap(List<ProcessMonitor.HeapSample> heap) {
    if (heap.size() < 2) {
      print("Heap: no jstat samples");
      return;
    }
    ProcessMonitor.HeapSample first = heap.getFirst();
    ProcessMonitor.HeapSample last = heap.getLast();
    double maxUsed = heap.stream().mapToDouble(ProcessMonitor.HeapSample::usedMegabytes).max().orElse(0);
    print("Heap: max used %.0f MB, committed %.0f MB, %d collections taking %.2f s",
        maxUsed, last.committedMegabytes(), last.collections() - first.collections(),
        last.gcSeconds() - first.gcSeconds());
  }

  private static void printReceipts(List<LoadRun.Sample> samples, ReceiptCheck check) {
    int verified = 0;
    for (LoadRun.Sample sample : samples) {
      Optional<String> failure = check.failure(sample);
      if (failure.isPresent()) {
        print("Receipt of a %s document failed: %s", sample.partnerId(), failure.get());
      } else {
        verified++;
      }
    }
    print("Receipts: %d of %d sampled verified", verified, samples.size());
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1e6;
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
