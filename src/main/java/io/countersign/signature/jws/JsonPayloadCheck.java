package io.countersign.signature.jws;

import com.nimbusds.jose.JOSEObjectType;
import io.countersign.platform.RejectionReason;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Checks a payload that its header types as JSON, with the streaming parser of Jakarta JSON
 * Processing (Parsson in Payara Micro): well-formed, one value, and nested no deeper than the
 * policy allows. The streaming parser counts depth before it builds anything, so a deeply nested
 * payload cannot exhaust the stack.
 *
 * <p>It also compares a received body with its canonical form, to explain a failed detached
 * signature. Instances are thread-safe.
 */
final class JsonPayloadCheck {

  /** The {@code typ} of a JWS in JSON serialization, which describes the JWS, not the payload. */
  private static final String JOSE_JSON =
      JOSEObjectType.JOSE_JSON.getType().toLowerCase(Locale.ROOT);

  private final JsonProvider provider = JsonProvider.provider();

  /**
   * Returns whether {@code typ} or {@code cty} declares the payload as JSON: {@code json}, {@code
   * application/json} or a type ending in {@code +json}, in any case and with or without parameters
   * (RFC 7515 sections 4.1.9 and 4.1.10).
   */
  static boolean isJsonTyped(SignedPart part) {
    Object type = part.parameter("typ");
    Object contentType = part.parameter("cty");
    return (type != null && isJsonPayloadType(type.toString(), true))
        || (contentType != null && isJsonPayloadType(contentType.toString(), false));
  }

  private static boolean isJsonPayloadType(String mediaType, boolean objectType) {
    String type = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (objectType && (type.equals(JOSE_JSON) || type.equals("application/" + JOSE_JSON))) {
      return false;
    }
    return type.equals("json") || type.equals("application/json") || type.endsWith("+json");
  }

  /** Checks that the payload is one well-formed JSON value within the policy's depth. */
  void check(byte[] payload, JwsPolicy policy) throws JwsRejection {
    try (JsonParser parser = provider.createParser(new ByteArrayInputStream(payload))) {
      int depth = 0;
      boolean value = false;
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        value = true;
        if (event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) {
          depth++;
          requireDepth(depth, policy);
        } else if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
          depth--;
        }
      }
      if (!value) {
        throw malformed("The JSON payload is empty. Sign a JSON document.");
      }
    } catch (JsonParsingException e) {
      throw malformed(
          "The payload is typed as JSON but is not well-formed JSON"
              + position(e.getLocation())
              + ". Sign well-formed JSON, or set typ and cty to the payload's real type.");
    } catch (JsonException | IllegalStateException e) {
      throw malformed(
          "The payload is typed as JSON but is not well-formed JSON. Sign well-formed JSON, or"
              + " set typ and cty to the payload's real type.");
    }
  }

  /**
   * Returns whether the body is JSON whose canonical form differs from its bytes: members sorted by
   * name, no insignificant whitespace. That difference is what a proxy or a JSON library leaves
   * when it re-serializes a document after it was signed.
   */
  boolean differsFromCanonicalJson(byte[] body, JwsPolicy policy) {
    try {
      check(body, policy);
    } catch (JwsRejection e) {
      return false;
    }

    try (JsonParser parser = provider.createParser(new ByteArrayInputStream(body))) {
      parser.next();
      byte[] canonical = canonical(parser.getValue()).toString().getBytes(StandardCharsets.UTF_8);
      return !Arrays.equals(canonical, body);
    } catch (JsonException | IllegalStateException e) {
      return false;
    }
  }

  private JsonValue canonical(JsonValue value) {
    return switch (value.getValueType()) {
      case OBJECT -> canonical(value.asJsonObject());
      case ARRAY -> canonical(value.asJsonArray());
      default -> value;
    };
  }

  private JsonValue canonical(JsonObject object) {
    JsonObjectBuilder builder = provider.createObjectBuilder();
    for (String name : new TreeSet<>(object.keySet())) {
      builder.add(name, canonical(object.get(name)));
    }
    return builder.build();
  }

  private JsonValue canonical(JsonArray array) {
    JsonArrayBuilder builder = provider.createArrayBuilder();
    for (JsonValue element : array) {
      builder.add(canonical(element));
    }
    return builder.build();
  }

  private static void requireDepth(int depth, JwsPolicy policy) throws JwsRejection {
    if (depth > policy.maxJsonDepth()) {
      throw malformed(
          "The JSON payload nests objects and arrays more than "
              + policy.maxJsonDepth()
              + " levels deep. Send a document with less nesting.");
    }
  }

  private static String position(JsonLocation location) {
    if (location == null || location.getLineNumber() < 1) {
      return "";
    }
    return " (error at line "
        + location.getLineNumber()
        + ", column "
        + location.getColumnNumber()
        + ")";
  }

  private static JwsRejection malformed(String detail) {
    return new JwsRejection(RejectionReason.DOCUMENT_MALFORMED, detail);
  }
}
