/**
 * JMH benchmarks of in-process signature verification and receipt signing, over the same kinds of
 * documents that the intake receives. They build their own PKI and documents at set-up time and
 * trust nothing outside the JVM. Built and run only by the Maven profile {@code benchmark}.
 */
package io.countersign.benchmark;
