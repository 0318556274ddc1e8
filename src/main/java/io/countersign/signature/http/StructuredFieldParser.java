package io.countersign.signature.http;

import io.countersign.signature.http.StructuredFields.InnerList;
import io.countersign.signature.http.StructuredFields.Item;
import io.countersign.signature.http.StructuredFields.Member;
import io.countersign.signature.http.StructuredFields.Token;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses RFC 8941 dictionaries, the type of the Signature-Input, Signature and Content-Digest
 * fields, following the algorithms of RFC 8941 section 4.2.
 *
 * <p>Hand-written because no maintained structured field parser was available from the Maven
 * repository that the build uses. It covers dictionaries, inner lists, parameters and the bare
 * items string, token, integer, byte sequence and boolean. A decimal fails to parse.
 */
final class StructuredFieldParser {

  /** Thrown for input that is not a valid structured field of the supported subset. */
  static final class ParseException extends Exception {

    ParseException(String message) {
      super(message, null, false, false);
    }
  }

  private static final int MAX_INTEGER_DIGITS = 15;

  private final String input;
  private int position;

  private StructuredFieldParser(String input) {
    this.input = input;
  }

  /** Parses a whole field value as a dictionary, RFC 8941 section 4.2. */
  static Map<String, Member> parseDictionary(String fieldValue) throws ParseException {
    StructuredFieldParser parser = new StructuredFieldParser(fieldValue);
    parser.skipSpaces();
    Map<String, Member> dictionary = parser.dictionary();
    parser.skipSpaces();
    if (!parser.atEnd()) {
      throw parser.failure("unexpected characters after the dictionary");
    }
    return dictionary;
  }

  /** RFC 8941 section 4.2.2: a later member with the same key replaces the earlier one. */
  private Map<String, Member> dictionary() throws ParseException {
    Map<String, Member> members = new LinkedHashMap<>();
    while (!atEnd()) {
      String key = key();
      if (peek() == '=') {
        position++;
        members.put(key, itemOrInnerList());
      } else {
        members.put(key, new Item(Boolean.TRUE, parameters()));
      }

      skipOptionalWhitespace();
      if (atEnd()) {
        return members;
      }
      expect(',');
      skipOptionalWhitespace();
      if (atEnd()) {
        throw failure("trailing comma");
      }
    }
    return members;
  }

  private Member itemOrInnerList() throws ParseException {
    return peek() == '(' ? innerList() : item();
  }

  /** RFC 8941 section 4.2.1.2. */
  private InnerList innerList() throws ParseException {
    expect('(');
    List<Item> items = new ArrayList<>();
    while (!atEnd()) {
      skipSpaces();
      if (peek() == ')') {
        position++;
        return new InnerList(items, parameters());
      }
      items.add(item());
      if (peek() != ' ' && peek() != ')') {
        throw failure("expected a space or ')' in an inner list");
      }
    }
    throw failure("unterminated inner list");
  }

  private Item item() throws ParseException {
    Object value = bareItem();
    return new Item(value, parameters());
  }

  /** RFC 8941 section 4.2.3.1. */
  private Object bareItem() throws ParseException {
    char next = peek();
    if (next == '-' || isDigit(next)) {
      return integer();
    }
    if (next == '"') {
      return string();
    }
    if (next == ':') {
      return byteSequence();
    }
    if (next == '?') {
      return bool();
    }
    if (isAlpha(next) || next == '*') {
      return token();
    }
    throw failure("expected an item");
  }

  /** RFC 8941 section 4.2.3.2. */
  private Map<String, Object> parameters() throws ParseException {
    Map<String, Object> parameters = new LinkedHashMap<>();
    while (peek() == ';') {
      position++;
      skipSpaces();
      String key = key();
      Object value = Boolean.TRUE;
      if (peek() == '=') {
        position++;
        value = bareItem();
      }
      parameters.put(key, value);
    }
    return parameters;
  }

  /** RFC 8941 section 4.2.3.3. */
  private String key() throws ParseException {
    char first = peek();
    if (!isLowerAlpha(first) && first != '*') {
      throw failure("expected a key starting with a lower-case letter or '*'");
    }
    int start = position;
    while (!atEnd() && isKeyCharacter(peek())) {
      position++;
    }
    return input.substring(start, position);
  }

  /** RFC 8941 section 4.2.4, without decimals. */
  private Long integer() throws ParseException {
    int start = position;
    if (peek() == '-') {
      position++;
    }
    int digitsStart = position;
    while (!atEnd() && isDigit(peek())) {
      position++;
    }
    int digits = position - digitsStart;
    if (digits == 0 || digits > MAX_INTEGER_DIGITS) {
      throw failure("expected an integer of 1 to 15 digits");
    }
    if (peek() == '.') {
      throw failure("decimals are not supported");
    }
    return Long.parseLong(input.substring(start, position));
  }

  /** RFC 8941 section 4.2.5: printable ASCII, with backslash escaping only '"' and '\'. */
  private String string() throws ParseException {
    expect('"');
    StringBuilder string = new StringBuilder();
    while (!atEnd()) {
      char next = input.charAt(position++);
      if (next == '\\') {
        if (atEnd() || (peek() != '"' && peek() != '\\')) {
          throw failure("invalid escape in a string");
        }
        string.append(input.charAt(position++));
      } else if (next == '"') {
        return string.toString();
      } else if (next < 0x20 || next > 0x7e) {
        throw failure("a string contains a character outside printable ASCII");
      } else {
        string.append(next);
      }
    }
    throw failure("unterminated string");
  }

  /** RFC 8941 section 4.2.6. */
  private Token token() {
    int start = position;
    while (!atEnd() && (isTokenCharacter(peek()) || peek() == ':' || peek() == '/')) {
      position++;
    }
    return new Token(input.substring(start, position));
  }

  /** RFC 8941 section 4.2.7. */
  private byte[] byteSequence() throws ParseException {
    expect(':');
    int end = input.indexOf(':', position);
    if (end < 0) {
      throw failure("unterminated byte sequence");
    }
    String encoded = input.substring(position, end);
    if (!encoded.chars().allMatch(c -> isBase64Character((char) c))) {
      throw failure("a byte sequence contains a character outside base64");
    }
    position = end + 1;
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw failure("a byte sequence is not valid base64");
    }
  }

  /** RFC 8941 section 4.2.8. */
  private Boolean bool() throws ParseException {
    expect('?');
    char value = peek();
    if (value != '0' && value != '1') {
      throw failure("expected ?0 or ?1");
    }
    position++;
    return value == '1';
  }

  private void expect(char expected) throws ParseException {
    if (peek() != expected) {
      throw failure("expected '" + expected + "'");
    }
    position++;
  }

  /** Returns the next character, or NUL at the end, which no rule accepts. */
  private char peek() {
    return atEnd() ? '\0' : input.charAt(position);
  }

  private boolean atEnd() {
    return position >= input.length();
  }

  private void skipSpaces() {
    while (peek() == ' ') {
      position++;
    }
  }

  private void skipOptionalWhitespace() {
    while (peek() == ' ' || peek() == '\t') {
      position++;
    }
  }

  private ParseException failure(String problem) {
    return new ParseException(problem + " at character " + position);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLowerAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isAlpha(char c) {
    return isLowerAlpha(c) || (c >= 'A' && c <= 'Z');
  }

  private static boolean isKeyCharacter(char c) {
    return isLowerAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*';
  }

  private static boolean isBase64Character(char c) {
    return isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=';
  }

  /** Returns whether {@code c} is a tchar, RFC 9110 section 5.6.2. */
  private static boolean isTokenCharacter(char c) {
    return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
