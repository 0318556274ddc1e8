package io.countersign.signature.http;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The RFC 8941 structured field values that request signatures use, and their serialization.
 *
 * <p>Bare item values are {@link String}, {@link Token}, {@link Long}, {@code byte[]} and {@link
 * Boolean}. Decimals are not supported, because no field or parameter that the verifiers read uses
 * them. Parameters and dictionaries keep the order of the input, which serialization needs.
 */
final class StructuredFields {

  private StructuredFields() {}

  /** A dictionary member or list member: an item or an inner list. */
  sealed interface Member permits Item, InnerList {

    Map<String, Object> parameters();
  }

  /** A bare item with its parameters. */
  record Item(Object value, Map<String, Object> parameters) implements Member {

    Item {
      parameters = unmodifiableCopy(parameters);
    }
  }

  /** An inner list of items with its parameters, RFC 8941 section 3.1.1. */
  record InnerList(List<Item> items, Map<String, Object> parameters) implements Member {

    InnerList {
      items = List.copyOf(items);
      parameters = unmodifiableCopy(parameters);
    }
  }

  /** A token, which serializes without quotes, unlike a string. */
  record Token(String text) {}

  /** Serializes an inner list, RFC 8941 section 4.1.1.1. */
  static String serialize(InnerList list) {
    StringJoiner items = new StringJoiner(" ", "(", ")");
    list.items().forEach(item -> items.add(serialize(item)));
    return items + serializeParameters(list.parameters());
  }

  /** Serializes an item, RFC 8941 section 4.1.3. */
  static String serialize(Item item) {
    return serializeBareItem(item.value()) + serializeParameters(item.parameters());
  }

  /** Serializes parameters, RFC 8941 section 4.1.1.2: a true boolean value is left out. */
  static String serializeParameters(Map<String, Object> parameters) {
    StringBuilder serialized = new StringBuilder();
    parameters.forEach(
        (key, value) -> {
          serialized.append(';').append(key);
          if (!Boolean.TRUE.equals(value)) {
            serialized.append('=').append(serializeBareItem(value));
          }
        });
    return serialized.toString();
  }

  /** Serializes a bare item, RFC 8941 sections 4.1.4 to 4.1.9. */
  static String serializeBareItem(Object value) {
    return switch (value) {
      case Long integer -> integer.toString();
      case String string -> quote(string);
      case Token token -> token.text();
      case byte[] bytes -> ":" + Base64.getEncoder().encodeToString(bytes) + ":";
      case Boolean bool -> bool ? "?1" : "?0";
      default -> throw new IllegalArgumentException("Not a bare item: " + value.getClass());
    };
  }

  private static String quote(String string) {
    return "\"" + string.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Map<String, Object> unmodifiableCopy(Map<String, Object> parameters) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}
