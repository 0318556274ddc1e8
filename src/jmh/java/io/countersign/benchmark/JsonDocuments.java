package io.countersign.benchmark;

import java.nio.charset.StandardCharsets;

/**
 * Builds JSON invoices of a chosen size: a few header members and as many invoice lines as reach
 * the size, written without insignificant whitespace.
 */
final class JsonDocuments {

  private JsonDocuments() {}

  /** Returns an invoice of at least {@code targetBytes} with the invoice id. */
  static byte[] invoice(int targetBytes, String invoiceId) {
    StringBuilder json = new StringBuilder();
    json.append("{\"invoiceId\":\"").append(invoiceId).append('"')
        .append(",\"issueDate\":\"2009-12-15\",\"currency\":\"EUR\"")
        .append(",\"supplier\":{\"name\":\"Custom Cotter Pins\",\"country\":\"NL\"}")
        .append(",\"customer\":{\"name\":\"North American Veeblefetzer\",\"country\":\"CA\"}")
        .append(",\"lines\":[");
    int line = 1;
    do {
      if (line > 1) {
        json.append(',');
      }
      appendLine(json, line++);
    } while (json.length() + 2 < targetBytes);
    json.append("]}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendLine(StringBuilder json, int id) {
    json.append("{\"id\":\"").append(id).append('"')
        .append(",\"quantity\":").append(100 + id % 7)
        .append(",\"unitCode\":\"C62\"")
        .append(",\"amount\":{\"value\":\"").append(id % 90 + 10).append(".00\",\"currency\":\"EUR\"}")
        .append(",\"item\":{\"name\":\"Cotter pin\",\"description\":\"Cotter pin, MIL-SPEC, zinc")
        .append(" plated\",\"sellersItemId\":\"CP-").append(1000 + id).append("\"}}");
  }
}
