package io.countersign.it;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes unsigned UBL 2.1 invoices of an exact size, for tests of documents larger than the
 * server's heap.
 *
 * <p>Each invoice is the OASIS UBL 2.1 example invoice with content added in two places. {@code
 * cac:AdditionalDocumentReference} elements go after the example's own, each with a {@code
 * cbc:EmbeddedDocumentBinaryObject} that carries base64 of pseudo-random bytes, wrapped at 76
 * characters as MIME does. {@code cac:InvoiceLine} elements go after the example's lines, so an
 * invoice line stays the last child of the document element. The invoice is streamed to the file
 * through fixed buffers, so memory use does not grow with its size. The same seed writes the same
 * bytes.
 *
 * <p>NOTE: the added lines are not counted in the example's {@code cac:TaxTotal} and {@code
 * cac:LegalMonetaryTotal}, so those totals are wrong. Signature verification does not read them.
 */
final class LargeInvoices {

  /**
   * How the added content is split.
   *
   * @param attachmentBytes the maximum number of random bytes per attachment, before base64
   * @param invoiceLineShare the fraction of the added bytes that goes to invoice lines, 0 to 1
   */
  record Layout(long attachmentBytes, double invoiceLineShare) {

    /** Attachments of 4 MiB (about 5.7 MB of base64 each), and a tenth of the bytes as lines. */
    static final Layout CHUNKED = new Layout(4L * 1024 * 1024, 0.1);

    /**
     * A single attachment with all added bytes, and no added lines. Its base64 is one text node
     * almost as large as the document, for parsers that keep a whole text node in memory.
     */
    static final Layout SINGLE_TEXT_NODE = new Layout(Long.MAX_VALUE, 0);

    Layout {
      if (attachmentBytes <= 0) {
        throw new IllegalArgumentException(
            "attachmentBytes must be positive, but is " + attachmentBytes);
      }
      if (!(invoiceLineShare >= 0 && invoiceLineShare <= 1)) {
        throw new IllegalArgumentException(
            "invoiceLineShare must be from 0 to 1, but is " + invoiceLineShare);
      }
    }

    /** Returns the layout named {@code chunked} or {@code single-text-node}. */
    static Layout named(String name) {
      return switch (name) {
        case "chunked" -> CHUNKED;
        case "single-text-node" -> SINGLE_TEXT_NODE;
        default ->
            throw new IllegalArgumentException(
                "Unknown invoice layout '" + name + "'; use chunked or single-text-node");
      };
    }
  }

  private static final String INVOICE_ID = "<cbc:ID>TOSL108</cbc:ID>";
  private static final String LAST_REFERENCE_END = "</cac:AdditionalDocumentReference>\n";
  private static final String LAST_LINE_END = "</cac:InvoiceLine>\n";

  private static final String ATTACHMENT_START =
      """
      \t<cac:AdditionalDocumentReference>
      \t\t<cbc:ID>%1$s</cbc:ID>
      \t\t<cbc:DocumentType>Measurement data</cbc:DocumentType>
      \t\t<cac:Attachment>
      \t\t\t<cbc:EmbeddedDocumentBinaryObject mimeCode="application/octet-stream" filename="%1$s">
      """;

  private static final String ATTACHMENT_END =
      """

      \t\t\t</cbc:EmbeddedDocumentBinaryObject>
      \t\t</cac:Attachment>
      \t</cac:AdditionalDocumentReference>
      """;

  private static final String INVOICE_LINE =
      """
      \t<cac:InvoiceLine>
      \t\t<cbc:ID>%1$d</cbc:ID>
      \t\t<cbc:InvoicedQuantity unitCode="C62">%2$d</cbc:InvoicedQuantity>
      \t\t<cbc:LineExtensionAmount currencyID="EUR">%3$s</cbc:LineExtensionAmount>
      \t\t<cac:OrderLineReference>
      \t\t\t<cbc:LineID>%4$d</cbc:LineID>
      \t\t</cac:OrderLineReference>
      \t\t<cac:Item>
      \t\t\t<cbc:Description languageID="EN">Replacement part under the maintenance contract, \
      batch %5$d</cbc:Description>
      \t\t\t<cbc:Name>Spare part %4$d</cbc:Name>
      \t\t\t<cac:SellersItemIdentification>
      \t\t\t\t<cbc:ID>SP%6$d</cbc:ID>
      \t\t\t</cac:SellersItemIdentification>
      \t\t\t<cac:ClassifiedTaxCategory>
      \t\t\t\t<cbc:ID schemeID="UN/ECE 5305" schemeAgencyID="6">S</cbc:ID>
      \t\t\t\t<cbc:Percent>20</cbc:Percent>
      \t\t\t\t<cac:TaxScheme>
      \t\t\t\t\t<cbc:ID schemeID="UN/ECE 5153" schemeAgencyID="6">VAT</cbc:ID>
      \t\t\t\t</cac:TaxScheme>
      \t\t\t</cac:ClassifiedTaxCategory>
      \t\t</cac:Item>
      \t\t<cac:Price>
      \t\t\t<cbc:PriceAmount currencyID="EUR">%7$s</cbc:PriceAmount>
      \t\t\t<cbc:BaseQuantity unitCode="C62">1</cbc:BaseQuantity>
      \t\t</cac:Price>
      \t</cac:InvoiceLine>
      """;

  private static final int BASE64_LINE_LENGTH = 76;
  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(BASE64_LINE_LENGTH, new byte[] {'\n'});

  /** 1,024 base64 lines of 76 characters, so that consecutive blocks join without a short line. */
  private static final int RANDOM_BLOCK_BYTES = BASE64_LINE_LENGTH / 4 * 3 * 1024;

  private final String example;
  private final int exampleLineCount;

  /**
   * Creates a generator based on the UBL 2.1 example invoice in {@code exampleInvoice}.
   *
   * @throws IllegalArgumentException if the file lacks the example's invoice id, an additional
   *     document reference or an invoice line
   */
  LargeInvoices(Path exampleInvoice) throws IOException {
    this.example = Files.readString(exampleInvoice, StandardCharsets.UTF_8);
    for (String marker : new String[] {INVOICE_ID, LAST_REFERENCE_END, LAST_LINE_END}) {
      if (!example.contains(marker)) {
        throw new IllegalArgumentException(
            exampleInvoice + " is not the UBL 2.1 example invoice: it lacks " + marker.strip());
      }
    }
    this.exampleLineCount = example.split("<cac:InvoiceLine>", -1).length - 1;
  }

  /** Returns the size of the example invoice, the smallest invoice that {@link #write} writes. */
  long minimumBytes() {
    return split(0).length();
  }

  /**
   * Writes an invoice of exactly {@code documentBytes} bytes to {@code target}, replacing it.
   *
   * @param seed selects the invoice id and the random bytes
   * @throws IllegalArgumentException if {@code documentBytes} is less than {@link #minimumBytes}
   */
  void write(Path target, long documentBytes, Layout layout, long seed) throws IOException {
    Parts parts = split(seed);
    long addedBytes = documentBytes - parts.length();
    if (addedBytes < 0) {
      throw new IllegalArgumentException(
          "An invoice has at least " + parts.length() + " bytes, but " + documentBytes + " were requested");
    }
    InvoiceLines lines = invoiceLinesWithin((long) (addedBytes * layout.invoiceLineShare()));

    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
      out.write(parts.head());
      writeAttachments(out, addedBytes - lines.bytes(), layout.attachmentBytes(), new SplittableRandom(seed));
      out.write(parts.middle());
      for (int index = 1; index <= lines.count(); index++) {
        out.write(invoiceLine(index));
      }
      out.write(parts.tail());
    }
  }

  /**
   * Splits the example after its last additional document reference and after its last invoice
   * line, with an invoice id made from the seed.
   */
  private Parts split(long seed) {
    String invoice = example.replace(INVOICE_ID, "<cbc:ID>LARGE-" + Long.toHexString(seed) + "</cbc:ID>");
    int headEnd = invoice.lastIndexOf(LAST_REFERENCE_END) + LAST_REFERENCE_END.length();
    int middleEnd = invoice.lastIndexOf(LAST_LINE_END) + LAST_LINE_END.length();
    return new Parts(
        utf8(invoice.substring(0, headEnd)),
        utf8(invoice.substring(headEnd, middleEnd)),
        utf8(invoice.substring(middleEnd)));
  }

  private record Parts(byte[] head, byte[] middle, byte[] tail) {

    long length() {
      return (long) head.length + middle.length + tail.length;
    }
  }

  private record InvoiceLines(int count, long bytes) {}

  /**
   * Writes attachments of exactly {@code budget} bytes in all. Every attachment but the last
   * carries {@code attachmentBytes} random bytes. The last one is cut to fit the rest of the
   * budget, and up to a few spaces after it fill what its base64 cannot.
   */
  private static void writeAttachments(
      OutputStream out, long budget, long attachmentBytes, SplittableRandom random) throws IOException {
    long remaining = budget;
    for (int number = 1; remaining > 0; number++) {
      long markup = attachmentMarkupLength(number);
      // More random bytes than remaining bytes never fit, and the cap keeps base64Length in range.
      long full = markup + base64Length(Math.min(attachmentBytes, remaining));
      long smallestNext = attachmentMarkupLength(number + 1) + base64Length(1);
      boolean fullFits = full == remaining || full < remaining && remaining - full >= smallestNext;
      long randomBytes = fullFits ? attachmentBytes : randomBytesFitting(remaining - markup);
      if (randomBytes == 0) {
        out.write(utf8(" ".repeat(Math.toIntExact(remaining))));
        return;
      }
      writeAttachment(out, attachmentName(number), randomBytes, random);
      remaining -= markup + base64Length(randomBytes);
    }
  }

  private static void writeAttachment(
      OutputStream out, String name, long randomBytes, SplittableRandom random) throws IOException {
    out.write(utf8(String.format(Locale.ROOT, ATTACHMENT_START, name)));
    byte[] block = new byte[RANDOM_BLOCK_BYTES];
    byte[] encoded = new byte[Math.toIntExact(base64Length(RANDOM_BLOCK_BYTES))];
    for (long written = 0; written < randomBytes; written += block.length) {
      if (written > 0) {
        out.write('\n');
      }
      if (randomBytes - written < block.length) {
        block = new byte[Math.toIntExact(randomBytes - written)];
      }
      random.nextBytes(block);
      out.write(encoded, 0, BASE64.encode(block, encoded));
    }
    out.write(utf8(ATTACHMENT_END));
  }

  private static String attachmentName(int number) {
    return String.format(Locale.ROOT, "attachment-%05d.bin", number);
  }

  private static long attachmentMarkupLength(int number) {
    return utf8(String.format(Locale.ROOT, ATTACHMENT_START, attachmentName(number)) + ATTACHMENT_END).length;
  }

  /** Returns the length of the MIME base64 of {@code bytes} bytes: 76-character lines, no final line break. */
  static long base64Length(long bytes) {
    if (bytes == 0) {
      return 0;
    }
    long characters = 4 * ((bytes + 2) / 3);
    long lines = (characters + BASE64_LINE_LENGTH - 1) / BASE64_LINE_LENGTH;
    return characters + lines - 1;
  }

  /** Returns the largest number of bytes whose base64 fits into {@code length} bytes, or 0. */
  private static long randomBytesFitting(long length) {
    long low = 0;
    long high = Math.max(0, length);
    while (low < high) {
      long middle = (low + high + 1) >>> 1;
      if (base64Length(middle) <= length) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  /** Counts the added invoice lines that fit into {@code budget} bytes. */
  private InvoiceLines invoiceLinesWithin(long budget) {
    int count = 0;
    long bytes = 0;
    while (true) {
      long next = invoiceLine(count + 1).length;
      if (bytes + next > budget) {
        return new InvoiceLines(count, bytes);
      }
      bytes += next;
      count++;
    }
  }

  /** Returns the added invoice line {@code index}, numbered after the example's lines. */
  private byte[] invoiceLine(int index) {
    int quantity = 1 + index * 7 % 20;
    long priceCents = 100 + index * 7919L % 99_900;
    return utf8(
        String.format(
            Locale.ROOT,
            INVOICE_LINE,
            exampleLineCount + index,
            quantity,
            euros(quantity * priceCents),
            index,
            index % 97,
            1_000_000 + index,
            euros(priceCents)));
  }

  private static String euros(long cents) {
    return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes one invoice and prints its size and the time taken, to measure the generator alone:
   * {@code java -Xmx64m -cp target/test-classes io.countersign.it.LargeInvoices EXAMPLE TARGET
   * BYTES [chunked|single-text-node]}.
   */
  public static void main(String[] arguments) throws IOException {
    if (arguments.length < 3 || arguments.length > 4) {
      System.err.println("Usage: LargeInvoices EXAMPLE_INVOICE TARGET BYTES [chunked|single-text-node]");
      System.exit(2);
    }
    Path target = Path.of(arguments[1]);
    long documentBytes = Long.parseLong(arguments[2]);
    Layout layout = Layout.named(arguments.length == 4 ? arguments[3] : "chunked");

    long start = System.nanoTime();
    new LargeInvoices(Path.of(arguments[0])).write(target, documentBytes, layout, start);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "Wrote %d bytes to %s in %.1f s%n", Files.size(target), target, seconds);
  }
}
