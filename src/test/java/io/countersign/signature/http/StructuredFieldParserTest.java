package io.countersign.signature.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.countersign.signature.http.StructuredFieldParser.ParseException;
import io.countersign.signature.http.StructuredFields.InnerList;
import io.countersign.signature.http.StructuredFields.Item;
import io.countersign.signature.http.StructuredFields.Member;
import io.countersign.signature.http.StructuredFields.Token;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StructuredFieldParserTest {

  @Test
  void parseDictionary_signatureInput_roundTrips() throws Exception {
    String member =
        "(\"@method\" \"@query-param\";name=\"Pet\" \"x\";bs);created=1618884473"
            + ";keyid=\"test\\\\key\\\"1\";flag;off=?0;t=tok/en:1";

    Map<String, Member> dictionary = StructuredFieldParser.parseDictionary("sig1=" + member);

    InnerList list = assertInstanceOf(InnerList.class, dictionary.get("sig1"));
    assertEquals(3, list.items().size());
    assertEquals(1618884473L, list.parameters().get("created"));
    assertEquals("test\\key\"1", list.parameters().get("keyid"));
    assertEquals(Boolean.TRUE, list.parameters().get("flag"));
    assertEquals(new Token("tok/en:1"), list.parameters().get("t"));
    assertEquals(member, StructuredFields.serialize(list));
  }

  @Test
  void parseDictionary_byteSequencesAndWhitespace_parsed() throws Exception {
    Map<String, Member> dictionary =
        StructuredFieldParser.parseDictionary("  sha-256=:AQID:,\tsha-512=:BAU=: , md5 ");

    assertEquals(List.of("sha-256", "sha-512", "md5"), List.copyOf(dictionary.keySet()));
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) ((Item) dictionary.get("sha-256")).value());
    assertEquals(Boolean.TRUE, ((Item) dictionary.get("md5")).value());
  }

  @Test
  void parseDictionary_duplicateKey_lastWins() throws Exception {
    Map<String, Member> dictionary = StructuredFieldParser.parseDictionary("a=1, a=2");

    assertEquals(2L, ((Item) dictionary.get("a")).value());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a=1,",
        "a=1 b=2",
        "A=1",
        "a=(1 2",
        "a=(1  2)x",
        "a=\"unterminated",
        "a=\"bad\\escape\"",
        "a=:not base64!:",
        "a=:AQID",
        "a=?2",
        "a=1234567890123456",
        "a=1.5",
        "a=@",
        "a=\"tab\tinside\""
      })
  void parseDictionary_invalid_throws(String value) {
    assertThrows(ParseException.class, () -> StructuredFieldParser.parseDictionary(value));
  }
}
