package io.countersign.client.forwarded;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.greenbytes.http.sfv.ByteSequenceItem;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parser;

/**
 * Parses the RFC 9440 {@code Client-Cert} and {@code Client-Cert-Chain} headers with an RFC 8941
 * structured field parser.
 *
 * <p>{@code Client-Cert} must be a single field line holding one Byte Sequence (RFC 9440 section
 * 2.2), whose parameters are ignored. {@code Client-Cert-Chain} is a List of Byte Sequences that
 * may span several field lines (RFC 9440 section 2.3). Each Byte Sequence is the DER encoding of
 * one certificate.
 */
final class Rfc9440Parser {

  private Rfc9440Parser() {}

  static ParsedCertificates parse(
      List<String> certificateLines, List<String> chainLines, int maxCertificates)
      throws MalformedHeaderException {
    if (certificateLines.isEmpty()) {
      throw new MalformedHeaderException("the chain header is present without Client-Cert");
    }
    if (certificateLines.size() > 1) {
      throw new MalformedHeaderException("Client-Cert occurs more than once");
    }
    X509Certificate leaf = CertificateDecoder.fromDer(parseLeaf(certificateLines.getFirst()));

    List<byte[]> chainEncodings = chainLines.isEmpty() ? List.of() : parseChain(chainLines);
    CertificateDecoder.requireAtMost(1 + chainEncodings.size(), maxCertificates);
    List<X509Certificate> chain = new ArrayList<>();
    for (byte[] der : chainEncodings) {
      chain.add(CertificateDecoder.fromDer(der));
    }
    return new ParsedCertificates(leaf, chain);
  }

  private static byte[] parseLeaf(String value) throws MalformedHeaderException {
    try {
      return byteSequence(Parser.parseItem(value));
    } catch (IllegalArgumentException e) {
      // The parser reports invalid syntax, including invalid base64, as ParseException, a subclass.
      throw new MalformedHeaderException("Client-Cert is not a structured field Byte Sequence", e);
    }
  }

  private static List<byte[]> parseChain(List<String> lines) throws MalformedHeaderException {
    List<ListElement<?>> elements;
    try {
      elements = new Parser(lines).parseList().get();
    } catch (IllegalArgumentException e) {
      throw new MalformedHeaderException("the chain header is not a structured field List", e);
    }
    List<byte[]> encodings = new ArrayList<>();
    for (ListElement<?> element : elements) {
      encodings.add(byteSequence(element));
    }
    return encodings;
  }

  private static byte[] byteSequence(ListElement<?> element) throws MalformedHeaderException {
    if (!(element instanceof ByteSequenceItem bytes)) {
      throw new MalformedHeaderException("a value is not a structured field Byte Sequence");
    }
    ByteBuffer buffer = bytes.get().duplicate();
    byte[] der = new byte[buffer.remaining()];
    buffer.get(der);
    return der;
  }
}
