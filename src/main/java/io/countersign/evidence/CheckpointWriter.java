package io.countersign.evidence;

import io.countersign.receipt.ReceiptSigner;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes a checkpoint of the evidence chain head every {@code
 * countersign.evidence.checkpoint-seconds} (60 by default) when the head moved since the latest
 * checkpoint: the statement of the head, its detached JWS by the receipt key and, when {@code
 * countersign.evidence.tsa-url} is set, an RFC 3161 time-stamp token over it.
 *
 * <p>A checkpoint commits the chain up to its head, so a later rewrite of those links shows. With
 * several servers on one database, each may try to write a checkpoint of the same head. The primary
 * key on the sequence keeps the first, and the others skip theirs. A TSA that fails costs only that
 * checkpoint's token, and the next checkpoint requests a token again.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CheckpointWriter {

  private static final Logger LOG = Logger.getLogger(CheckpointWriter.class.getName());

  private static final Duration TSA_TIMEOUT = Duration.ofSeconds(5);

  @Inject
  @ConfigProperty(name = "countersign.evidence.checkpoint-seconds", defaultValue = "60")
  long checkpointSeconds;

  @Inject
  @ConfigProperty(name = "countersign.evidence.tsa-url")
  Optional<String> tsaUrl;

  @Inject EvidenceStore store;
  @Inject ReceiptSigner signer;
  @Inject Clock clock;

  @Resource TimerService timers;

  private TimeStampClient timeStamps;

  /** Skips a timeout while the previous one still runs, for example waiting for the TSA. */
  private final AtomicBoolean running = new AtomicBoolean();

  /** Whether the last time-stamp request failed, so that repeated failures are logged once. */
  private volatile boolean timeStampFailing;

  @PostConstruct
  void schedule() {
    timeStamps =
        tsaUrl.filter(url -> !url.isBlank())
            .map(url -> new TimeStampClient(URI.create(url.strip()), TSA_TIMEOUT))
            .orElse(null);
    long interval = Duration.ofSeconds(Math.max(1, checkpointSeconds)).toMillis();
    timers.createIntervalTimer(interval, interval, new TimerConfig(null, false));
    LOG.info(
        () ->
            "Evidence checkpoints every "
                + interval / 1000
                + " s, "
                + (timeStamps == null ? "without time-stamps" : "time-stamped by " + timeStamps.url()));
  }

  /** Writes a checkpoint if the head moved; logs and swallows failures, to try at the next one. */
  @Timeout
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void onTimeout() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      writeCheckpoint();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Writing an evidence checkpoint failed; trying again at the next", e);
    } finally {
      running.set(false);
    }
  }

  private void writeCheckpoint() {
    ChainHead head = store.chainHead();
    if (head.sequence() == 0 || store.latestCheckpointSequence() >= head.sequence()) {
      return;
    }

    Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    CheckpointStatement statement =
        new CheckpointStatement(head.sequence(), head.headHash(), createdAt);
    byte[] statementBytes = statement.toBytes();
    String signature = signer.sign(statementBytes);
    byte[] token = timeStamp(statementBytes);

    insert(new CheckpointRecord(statement, signature, token));
  }

  private void insert(CheckpointRecord checkpoint) {
    try {
      store.insert(checkpoint);
      LOG.info(
          () ->
              "Evidence checkpoint at sequence "
                  + checkpoint.getSequence()
                  + ", head hash "
                  + checkpoint.getHeadHash()
                  + (checkpoint.getTimeStampToken() == null ? ", not time-stamped" : ", time-stamped"));
    } catch (EJBException e) {
      if (store.findCheckpoint(checkpoint.getSequence()).isPresent()) {
        LOG.fine(() -> "Another server wrote the checkpoint at sequence " + checkpoint.getSequence());
        return;
      }
      throw e;
    }
  }

  /** Returns a verified time-stamp token over the statement, or null without TSA or on failure. */
  private byte[] timeStamp(byte[] statement) {
    if (timeStamps == null) {
      return null;
    }
    switch (timeStamps.stamp(statement)) {
      case TimeStampOutcome.Stamped stamped -> {
        if (timeStampFailing) {
          LOG.info(() -> "Time-stamping works again with the TSA " + timeStamps.url());
        }
        timeStampFailing = false;
        return stamped.token();
      }
      case TimeStampOutcome.Failed failed -> {
        logTimeStampFailure(failed);
        timeStampFailing = true;
        return null;
      }
    }
  }

  private void logTimeStampFailure(TimeStampOutcome.Failed failed) {
    String message =
        "The checkpoint is stored without a time-stamp ("
            + failed.failure()
            + "): "
            + failed.detail()
            + ". The next checkpoint requests a token again.";
    // Logged as a warning once per run of failures, because a TSA that is down fails at every checkpoint.
    LOG.log(timeStampFailing ? Level.FINE : Level.WARNING, message);
  }
}
