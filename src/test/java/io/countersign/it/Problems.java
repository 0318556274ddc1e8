package io.countersign.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/** Assertions on RFC 9457 problem responses. */
final class Problems {

  private Problems() {}

  /** Asserts the status, the media type and the problem type; returns the problem object. */
  static JsonObject assertProblem(Curl.Response response, int status, String code) {
    assertEquals("application/problem+json", response.header("content-type"), response.text());
    JsonObject problem = Json.createReader(new StringReader(response.text())).readObject();
    assertEquals("urn:countersign:problem:" + code, problem.getString("type"), response.text());
    assertEquals(status, response.status(), response.text());
    assertEquals(status, problem.getInt("status"), response.text());
    return problem;
  }
}
