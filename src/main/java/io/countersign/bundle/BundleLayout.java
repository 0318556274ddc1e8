package io.countersign.bundle;

import java.util.Locale;

/**
 * The entry names and media types of an evidence bundle.
 *
 * <p>As in an ASiC-E container, the first entry is {@code mimetype}, stored uncompressed, and
 * {@code META-INF/manifest.xml} is an ODF manifest that lists every other entry with its media
 * type. The bundle carries no ASiC signature file in {@code META-INF}, because its signatures (the
 * document's own and the receipt's JWS) are entries of their own.
 */
public final class BundleLayout {

  /** The media type of the bundle in the {@code mimetype} entry and in the manifest's root. */
  public static final String MIMETYPE = "application/vnd.etsi.asic-e+zip";

  public static final String MIMETYPE_ENTRY = "mimetype";
  public static final String MANIFEST = "META-INF/manifest.xml";

  public static final String RECEIPT = "receipt.json";
  public static final String RECEIPT_SIGNATURE = "receipt.json.jws";
  public static final String VERIFICATION = "evidence/verification.json";
  public static final String SIGNER_CERTIFICATES = "evidence/signer.pem";
  public static final String COSIGNER_CERTIFICATES = "evidence/cosigners.pem";
  public static final String CLIENT_CERTIFICATE = "evidence/client.pem";
  public static final String REVOCATION = "evidence/revocation.json";
  public static final String REVOCATION_FOLDER = "evidence/revocation/";
  public static final String CHAIN = "evidence/chain.json";
  public static final String CHECKPOINT = "evidence/checkpoint.json";
  public static final String CHECKPOINT_SIGNATURE = "evidence/checkpoint.json.jws";
  public static final String CHECKPOINT_TIMESTAMP = "evidence/checkpoint.tsr";

  public static final String JSON = "application/json";
  public static final String JOSE = "application/jose";
  /** PEM certificates, leaf first (RFC 8555 section 9.1). */
  public static final String PEM_CERTIFICATES = "application/pem-certificate-chain";
  /** A DER-encoded OCSPResponse (RFC 6960 appendix C.2). */
  public static final String OCSP_RESPONSE = "application/ocsp-response";
  /**
   * A DER-encoded RFC 3161 TimeStampResp.
   *
   * <p>NOTE: the checkpoint's {@code timestamp_token} column is written as stored. If it contains a
   * bare TimeStampToken rather than a TimeStampResp, this media type is wrong for it.
   */
  public static final String TIMESTAMP_REPLY = "application/timestamp-reply";

  private BundleLayout() {}

  /**
   * Returns the entry name of the document as received, from its signature format and media type
   * as the receipt states them: {@code document.jws} for a compact JWS, {@code document.json} for
   * a JWS in JSON serialization or JSON, {@code document.xml} for XML, {@code document.txt} for
   * text and {@code document.bin} for anything else.
   */
  public static String documentEntry(String signatureFormat, String contentType) {
    String type = baseType(contentType);
    if (signatureFormat.startsWith("jws-compact")) {
      return "document.jws";
    }
    if (signatureFormat.startsWith("jws-json") || type.endsWith("/json") || type.endsWith("+json")) {
      return "document.json";
    }
    if (type.endsWith("/xml") || type.endsWith("+xml")) {
      return "document.xml";
    }
    if (type.startsWith("text/")) {
      return "document.txt";
    }
    return "document.bin";
  }

  /** Returns the entry name of a document's detached JWS, next to the document. */
  public static String detachedSignatureEntry(String documentEntry) {
    return documentEntry + ".jws";
  }

  /** Returns the entry name of the {@code index}th stored OCSP response, counted from 1. */
  public static String ocspResponseEntry(int index, String role) {
    return REVOCATION_FOLDER + index + "-" + role + ".ocsp";
  }

  private static String baseType(String contentType) {
    int parameters = contentType.indexOf(';');
    String type = parameters < 0 ? contentType : contentType.substring(0, parameters);
    return type.strip().toLowerCase(Locale.ROOT);
  }
}
