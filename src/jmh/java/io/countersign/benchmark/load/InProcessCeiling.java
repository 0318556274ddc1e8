package io.countersign.benchmark.load;

import io.countersign.benchmark.InMemorySignerDirectory;
import io.countersign.signature.RegisteredSigner;
import io.countersign.signature.VerificationOutcome;
import io.countersign.signature.xml.XmlSignatureVerifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures how many of the run's documents this JVM verifies per second, with the verifier and
 * policy that the server uses and the partners' certificates pinned in memory. It is the ceiling
 * that the end-to-end throughput is compared with, measured on the same machine just before the
 * load, while the server is idle.
 */
final class InProcessCeiling {

  /** The verification rate over all threads, and the documents that failed to verify. */
  record Result(int threads, double verificationsPerSecond, long failures) {}

  private InProcessCeiling() {}

  static Result measure(
      List<DocumentPool> pools, List<PartnerKeys> partners, int threads, int warmupSeconds,
      int seconds) throws InterruptedException {
    List<RegisteredSigner> signers = new ArrayList<>();
    for (PartnerKeys partner : partners) {
      signers.add(new RegisteredSigner(partner.partnerId(), partner.signingCertificate(), null, null));
    }
    InMemorySignerDirectory directory = new InMemorySignerDirectory(signers);
    XmlSignatureVerifier verifier = new XmlSignatureVerifier(Clock.systemUTC());

    long start = System.nanoTime();
    long measureStart = start + warmupSeconds * 1_000_000_000L;
    long end = measureStart + seconds * 1_000_000_000L;
    LongAdder verified = new LongAdder();
    LongAdder failures = new LongAdder();
    AtomicLong nextIndex = new AtomicLong();

    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofPlatform()
              .name("ceiling-" + t)
              .start(() -> {
                long now;
                while ((now = System.nanoTime()) < end) {
                  long index = nextIndex.getAndIncrement();
                  DocumentPool pool = pools.get((int) (index % pools.size()));
                  byte[] document = pool.get((int) (index / pools.size()));
                  VerificationOutcome outcome = verifier.verify(document, pool.partnerId(), directory);
                  if (now >= measureStart) {
                    if (outcome instanceof VerificationOutcome.Verified) {
                      verified.increment();
                    } else {
                      failures.increment();
                    }
                  }
                }
              }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return new Result(threads, verified.sum() / (double) seconds, failures.sum());
  }
}
