/**
 * A load driver for the whole intake path: it posts pre-signed UBL invoices over mutual TLS from
 * several partners at a fixed rate or at saturation, and reports throughput, latency, errors and
 * the server's CPU and heap. It aims at a server on the loopback interface only.
 */
package io.countersign.benchmark.load;
