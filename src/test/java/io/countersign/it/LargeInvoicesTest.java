package io.countersign.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LargeInvoicesTest {

  private static final String UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
  private static final String UBL_CAC =
      "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

  /** Attachments of 100,000 random bytes, so that a small invoice has several of them. */
  private static final LargeInvoices.Layout SMALL_CHUNKS = new LargeInvoices.Layout(100_000, 0.1);

  private static LargeInvoices generator;

  @TempDir Path directory;

  @BeforeAll
  static void readExample() throws Exception {
    generator = new LargeInvoices(IntegrationEnvironment.ublInvoice());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2, 3, 4, 5, 400, 1_000, 123_457, 1_000_000})
  void write_chunked_hasExactSize(long addedBytes) throws Exception {
    long size = generator.minimumBytes() + addedBytes;
    Path invoice = directory.resolve("invoice.xml");

    generator.write(invoice, size, SMALL_CHUNKS, 1);

    assertEquals(size, Files.size(invoice));
    parse(invoice);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 700, 999_999})
  void write_singleTextNode_hasExactSize(long addedBytes) throws Exception {
    long size = generator.minimumBytes() + addedBytes;
    Path invoice = directory.resolve("invoice.xml");

    generator.write(invoice, size, LargeInvoices.Layout.SINGLE_TEXT_NODE, 1);

    assertEquals(size, Files.size(invoice));
    parse(invoice);
  }

  @Test
  void write_chunked_splitsIntoAttachmentsAndLines() throws Exception {
    Path invoice = directory.resolve("invoice.xml");

    generator.write(invoice, 2_000_000, SMALL_CHUNKS, 7);

    Parsed parsed = parse(invoice);
    // The example has one embedded attachment of 36 bytes and five invoice lines.
    assertEquals(36, parsed.attachments().get(0).length);
    assertTrue(parsed.attachments().size() > 10, parsed.attachments().size() + " attachments");
    assertEquals(100_000, parsed.attachments().get(1).length);
    assertTrue(parsed.invoiceLines() > 50, parsed.invoiceLines() + " invoice lines");
    assertEquals(UBL_CAC + " InvoiceLine", parsed.lastChildOfRoot());
  }

  @Test
  void write_singleTextNode_addsOneAttachment() throws Exception {
    Path invoice = directory.resolve("invoice.xml");

    generator.write(invoice, 2_000_000, LargeInvoices.Layout.SINGLE_TEXT_NODE, 7);

    Parsed parsed = parse(invoice);
    assertEquals(2, parsed.attachments().size());
    assertTrue(parsed.attachments().get(1).length > 1_400_000, parsed.attachments().get(1).length + " bytes");
    assertEquals(5, parsed.invoiceLines());
  }

  @Test
  void write_base64_isWrappedAt76Characters() throws Exception {
    Path invoice = directory.resolve("invoice.xml");

    generator.write(invoice, 500_000, SMALL_CHUNKS, 3);

    List<String> base64Lines =
        Files.readAllLines(invoice).stream().filter(line -> line.matches("[A-Za-z0-9+/=]{20,}")).toList();
    assertTrue(base64Lines.size() > 1_000, base64Lines.size() + " base64 lines");
    assertTrue(base64Lines.stream().allMatch(line -> line.length() <= 76));
    assertTrue(base64Lines.stream().filter(line -> line.length() < 76).count() <= parse(invoice).attachments().size());
  }

  @Test
  void write_sameSeed_writesSameBytes() throws Exception {
    Path first = directory.resolve("first.xml");
    Path second = directory.resolve("second.xml");
    Path otherSeed = directory.resolve("other-seed.xml");

    generator.write(first, 300_000, SMALL_CHUNKS, 11);
    generator.write(second, 300_000, SMALL_CHUNKS, 11);
    generator.write(otherSeed, 300_000, SMALL_CHUNKS, 12);

    assertEquals(-1, Files.mismatch(first, second));
    assertNotEquals(-1, Files.mismatch(first, otherSeed));
  }

  @Test
  void write_belowExampleSize_throws() {
    Path invoice = directory.resolve("invoice.xml");
    long tooSmall = generator.minimumBytes() - 1;

    assertThrows(
        IllegalArgumentException.class,
        () -> generator.write(invoice, tooSmall, LargeInvoices.Layout.CHUNKED, 1));
  }

  @Test
  void base64Length_matchesMimeEncoder() {
    Base64.Encoder mime = Base64.getMimeEncoder(76, new byte[] {'\n'});
    for (int bytes = 0; bytes < 400; bytes++) {
      assertEquals(mime.encode(new byte[bytes]).length, LargeInvoices.base64Length(bytes), bytes + " bytes");
    }
  }

  private record Parsed(List<byte[]> attachments, int invoiceLines, String lastChildOfRoot) {}

  /** Parses the invoice with StAX, decoding every embedded attachment. */
  private static Parsed parse(Path invoice) throws Exception {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    List<byte[]> attachments = new ArrayList<>();
    int invoiceLines = 0;
    String lastChildOfRoot = null;
    try (InputStream in = Files.newInputStream(invoice)) {
      XMLStreamReader reader = factory.createXMLStreamReader(in);
      reader.nextTag();
      assertEquals(UBL_INVOICE + " Invoice", reader.getNamespaceURI() + " " + reader.getLocalName());
      // The depth below the document element: 1 for its children.
      int depth = 0;
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
          continue;
        }
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        depth++;
        String name = reader.getNamespaceURI() + " " + reader.getLocalName();
        if (depth == 1) {
          lastChildOfRoot = name;
        }
        if (name.equals(UBL_CAC + " InvoiceLine")) {
          invoiceLines++;
        }
        if (reader.getLocalName().equals("EmbeddedDocumentBinaryObject")) {
          // Reads up to and including the end tag.
          attachments.add(Base64.getMimeDecoder().decode(reader.getElementText().strip()));
          depth--;
        }
      }
    }
    return new Parsed(attachments, invoiceLines, lastChildOfRoot);
  }
}
