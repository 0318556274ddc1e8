package io.countersign.benchmark.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Posts the pooled documents, N threads per partner, either on a fixed schedule or back to back.
 *
 * <p>On a schedule, each request has an intended start time, and its latency is measured from
 * that time rather than from when a free thread sent it. So a server that falls behind shows as
 * growing latency instead of a quietly lower rate (no coordinated omission). Back to back, the
 * latency is measured from the send. Only requests that start in the measurement window count.
 */
final class LoadRun {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int MAX_RECEIPT_SAMPLES = 200;

  /** A response kept to check its receipt after the run. */
  record Sample(String partnerId, byte[] document, int status, byte[] body, String receiptJws) {}

  /** The figures of one run. The status counts include failed requests by exception name. */
  record Result(
      double windowSeconds,
      long accepted,
      Map<String, Long> statuses,
      Histogram latencyNanos,
      List<Sample> samples,
      boolean ranOutOfDocuments) {}

  /** One partner's client, with its own TLS client certificate, and its documents. */
  record Sender(HttpClient client, DocumentPool documents) {}

  private final LoadOptions options;
  private final List<Sender> senders;
  private final URI endpoint;
  private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Histogram> histograms = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final LongAdder accepted = new LongAdder();
  private final AtomicLong ranOutAt = new AtomicLong(Long.MAX_VALUE);

  private long measureStart;
  private long end;

  LoadRun(LoadOptions options, List<Sender> senders) {
    this.options = options;
    this.senders = senders;
    this.endpoint = URI.create(options.server().toString().replaceFirst("/+$", "") + "/api/documents");
  }

  /** Runs the warm-up and the measurement, calling {@code onMeasureStart} between them. */
  Result run(Runnable onMeasureStart) throws InterruptedException {
    long start = System.nanoTime();
    measureStart = start + options.warmupSeconds() * NANOS_PER_SECOND;
    end = measureStart + options.durationSeconds() * NANOS_PER_SECOND;

    List<Thread> workers = new ArrayList<>();
    for (int p = 0; p < senders.size(); p++) {
      Schedule schedule = schedule(start, p);
      for (int t = 0; t < options.threadsPerPartner(); t++) {
        Sender sender = senders.get(p);
        workers.add(
            Thread.ofPlatform()
                .name("load-" + sender.documents().partnerId() + "-" + t)
                .start(() -> send(sender, schedule)));
      }
    }

    LockSupport.parkNanos(measureStart - System.nanoTime());
    onMeasureStart.run();
    for (Thread worker : workers) {
      worker.join();
    }
    return result();
  }

  /**
   * Returns the partner's schedule: at a fixed rate, the partners share it, and their slots are
   * interleaved so that the server receives evenly spaced requests.
   */
  private Schedule schedule(long start, int partnerIndex) {
    if (options.rate() == 0) {
      return null;
    }
    long interval = NANOS_PER_SECOND * senders.size() / options.rate();
    return new Schedule(start + interval * partnerIndex / senders.size(), interval);
  }

  private void send(Sender sender, Schedule schedule) {
    Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
    long responses = 0;
    while (true) {
      long intended = schedule == null ? System.nanoTime() : schedule.nextSlot();
      if (intended >= end) {
        break;
      }
      byte[] document = sender.documents().next();
      if (document == null) {
        ranOutAt.accumulateAndGet(System.nanoTime(), Math::min);
        break;
      }
      LockSupport.parkNanos(intended - System.nanoTime());

      Outcome outcome = post(sender.client(), document);
      long done = System.nanoTime();
      if (intended >= measureStart) {
        latencies.recordValue(Math.min(done - intended, latencies.getHighestTrackableValue()));
        statuses.computeIfAbsent(outcome.label(), label -> new LongAdder()).increment();
        if (outcome.status() == 201 && done <= end) {
          accepted.increment();
        }
      }
      if (outcome.response() != null && ++responses % options.receiptSampleEvery() == 0) {
        keepSample(sender.documents().partnerId(), document, outcome.response());
      }
    }
    histograms.add(latencies);
  }

  /** The status code or the failure of one request. */
  private record Outcome(int status, String label, HttpResponse<byte[]> response) {}

  private Outcome post(HttpClient client, byte[] document) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/xml")
            .header("Accept", "application/json, application/problem+json")
            .POST(BodyPublishers.ofByteArray(document))
            .build();
    try {
      HttpResponse<byte[]> response = client.send(request, BodyHandlers.ofByteArray());
      return new Outcome(response.statusCode(), String.valueOf(response.statusCode()), response);
    } catch (IOException e) {
      return new Outcome(0, e.getClass().getSimpleName(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(0, "interrupted", null);
    }
  }

  private void keepSample(String partnerId, byte[] document, HttpResponse<byte[]> response) {
    if (samples.size() < MAX_RECEIPT_SAMPLES) {
      String jws = response.headers().firstValue("X-JWS-Signature").orElse(null);
      samples.add(
          new Sample(partnerId, document, response.statusCode(), response.body(), jws));
    }
  }

  private Result result() {
    Histogram merged = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
    histograms.forEach(merged::add);
    Map<String, Long> counts = new TreeMap<>();
    statuses.forEach((label, count) -> counts.put(label, count.sum()));

    boolean ranOut = ranOutAt.get() < end;
    long windowEnd = Math.max(measureStart, Math.min(end, ranOutAt.get()));
    double window = (windowEnd - measureStart) / (double) NANOS_PER_SECOND;
    return new Result(window, accepted.sum(), counts, merged, List.copyOf(samples), ranOut);
  }

  /** The fixed-rate slots of one partner, handed to its threads in order. */
  private static final class Schedule {

    private final long first;
    private final long interval;
    private final AtomicLong slot = new AtomicLong();

    Schedule(long first, long interval) {
      this.first = first;
      this.interval = interval;
    }

    long nextSlot() {
      return first + slot.getAndIncrement() * interval;
    }
  }
}
