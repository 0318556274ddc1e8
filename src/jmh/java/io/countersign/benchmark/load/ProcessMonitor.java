package io.countersign.benchmark.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a JVM's CPU time from {@code /proc/PID/stat} and samples its heap and garbage collections
 * once a second with {@code jstat -gc}, which ships with the JDK.
 */
final class ProcessMonitor implements AutoCloseable {

  /** Heap in use (survivor, eden and old generation) and cumulative GC figures at one instant. */
  record HeapSample(double usedMegabytes, double committedMegabytes, long collections,
      double gcSeconds) {}

  private final long pid;
  private final long ticksPerSecond;
  private final Process jstat;
  private final List<HeapSample> samples = new ArrayList<>();
  private final Thread reader;

  private ProcessMonitor(long pid, long ticksPerSecond, Process jstat) {
    this.pid = pid;
    this.ticksPerSecond = ticksPerSecond;
    this.jstat = jstat;
    this.reader = Thread.ofPlatform().daemon().name("jstat-" + pid).start(this::readSamples);
  }

  /** Starts sampling the process; {@code jstat} comes from the JDK that runs this driver. */
  static ProcessMonitor start(long pid) throws IOException {
    Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
    Process process =
        new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid), "1000")
            .redirectErrorStream(true)
            .start();
    return new ProcessMonitor(pid, clockTicksPerSecond(), process);
  }

  /** Returns the CPU time, user and system, that the process has used so far, in seconds. */
  double cpuSeconds() throws IOException {
    return cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"), ticksPerSecond);
  }

  /** Returns the CPU time of this JVM, the load driver, in seconds. */
  double ownCpuSeconds() throws IOException {
    return cpuSeconds(Path.of("/proc/self/stat"), ticksPerSecond);
  }

  /**
   * Returns the CPU time that all processes of the machine have used so far, in seconds, from the
   * first line of {@code /proc/stat}: every state except idle and I/O wait.
   */
  double machineCpuSeconds() throws IOException {
    String line = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).getFirst();
    String[] fields = line.strip().split("\\s+");
    long busy = 0;
    for (int i = 1; i < fields.length; i++) {
      // Fields 4 and 5 are idle and iowait; guest time is already counted in user time.
      if (i != 4 && i != 5 && i <= 8) {
        busy += Long.parseLong(fields[i]);
      }
    }
    return busy / (double) ticksPerSecond;
  }

  /** Returns the samples taken so far. */
  synchronized List<HeapSample> samples() {
    return List.copyOf(samples);
  }

  @Override
  public void close() throws InterruptedException {
    jstat.destroy();
    reader.join(2_000);
  }

  private static double cpuSeconds(Path stat, long ticksPerSecond) throws IOException {
    String line = Files.readString(stat, StandardCharsets.US_ASCII);
    // The command name in brackets may contain spaces, so the fields are counted after it.
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    // Fields 14 and 15 of proc(5), utime and stime, are the 12th and 13th after the name.
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks / (double) ticksPerSecond;
  }

  private static long clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String output = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      getconf.waitFor();
      return Long.parseLong(output.strip());
    } catch (IOException | NumberFormatException e) {
      // NOTE: 100 is the value on Linux for x86-64 and arm64 kernels; getconf failed to confirm it.
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  private void readSamples() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
      List<String> columns = null;
      String line;
      while ((line = lines.readLine()) != null) {
        List<String> fields = Arrays.asList(line.strip().split("\\s+"));
        if (fields.contains("EU")) {
          columns = fields;
        } else if (columns != null && fields.size() == columns.size()) {
          add(sample(columns, fields));
        } else {
          System.err.println("jstat: " + line);
        }
      }
    } catch (IOException | NumberFormatException e) {
      System.err.println("Failed to read jstat output for process " + pid + ": " + e);
    }
  }

  private synchronized void add(HeapSample sample) {
    samples.add(sample);
  }

  private static HeapSample sample(List<String> columns, List<String> fields) {
    double used = 0;
    double committed = 0;
    for (String generation : List.of("S0", "S1", "E", "O")) {
      used += value(columns, fields, generation + "U");
      committed += value(columns, fields, generation + "C");
    }
    long collections =
        (long) (value(columns, fields, "YGC") + value(columns, fields, "FGC")
            + value(columns, fields, "CGC"));
    return new HeapSample(used / 1024, committed / 1024, collections, value(columns, fields, "GCT"));
  }

  /** Returns a jstat column, in KB for sizes, or 0 where this JDK's jstat prints "-" or lacks it. */
  private static double value(List<String> columns, List<String> fields, String column) {
    int index = columns.indexOf(column);
    if (index < 0 || fields.get(index).equals("-")) {
      return 0;
    }
    return Double.parseDouble(fields.get(index));
  }
}
