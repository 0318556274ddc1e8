package io.countersign.signature.jws;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.countersign.platform.RejectionReason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Parses the three JWS serializations with Nimbus and checks what Nimbus leaves lenient.
 *
 * <p>Nimbus decodes base64url leniently: it skips whitespace and characters outside the alphabet
 * and accepts padding. Every part must therefore re-encode to exactly the text received, as RFC
 * 7515 section 2 defines base64url. The unencoded payload option of RFC 7797 ({@code b64} false) is
 * accepted only for a detached JWS, because Nimbus parses the JSON serialization of such a JWS as
 * base64url.
 */
final class JwsParser {

  private static final int MAX_CAUSE_LENGTH = 200;

  private JwsParser() {}

  /** Parses a JWS in compact serialization ({@code application/jose}). */
  static JwsEnvelope parseCompact(byte[] body) throws JwsRejection {
    JWSObject jws = parseJwsObject(decode(body, StandardCharsets.US_ASCII, "The request body"));
    requireEncodedPayload(jws.getHeader(), "in compact serialization");

    Base64URL[] parts = jws.getParsedParts();
    requireCanonical(parts[0], "protected header");
    requireCanonical(parts[1], "payload");
    requireCanonical(parts[2], "signature");
    if (parts[1].toString().isEmpty()) {
      throw malformed(
          "The JWS has an empty payload part, so its payload is detached. Send the document as the"
              + " payload, or send a detached JWS in the X-JWS-Signature header.");
    }

    SignedPart part =
        new SignedPart(jws.getHeader(), null, jws.getSigningInput(), parts[2].decode());
    return new JwsEnvelope(JwsForm.COMPACT, jws.getPayload().toBytes(), List.of(part));
  }

  /** Parses a JWS in flattened or general JSON serialization ({@code application/jose+json}). */
  static JwsEnvelope parseJson(byte[] body) throws JwsRejection {
    String json = decode(body, StandardCharsets.UTF_8, "The request body");
    JWSObjectJSON jws;
    try {
      jws = JWSObjectJSON.parse(json);
    } catch (ParseException | RuntimeException e) {
      rejectUnsecured(json);
      throw malformed("The JWS JSON serialization cannot be parsed" + cause(e) + ".");
    }

    List<SignedPart> parts = new ArrayList<>();
    for (JWSObjectJSON.Signature signature : jws.getSignatures()) {
      parts.add(jsonPart(signature));
    }
    requireCanonical(jws.getPayload().toBase64URL(), "payload");
    return new JwsEnvelope(JwsForm.JSON, jws.getPayload().toBytes(), parts);
  }

  /**
   * Parses a detached JWS (RFC 7515 Appendix F) in compact serialization, whose payload is the
   * request body byte for byte, base64url-encoded or, with {@code b64} false, unencoded.
   */
  static JwsEnvelope parseDetached(byte[] body, String detachedJws) throws JwsRejection {
    JWSObject withoutPayload = parseJwsObject(detachedJws);
    Base64URL[] parts = withoutPayload.getParsedParts();
    if (!parts[1].toString().isEmpty()) {
      throw malformed(
          "The X-JWS-Signature header carries a payload, but a detached JWS has an empty payload"
              + " part: header..signature. Remove the payload, which is the request body.");
    }
    requireCanonical(parts[0], "protected header");
    requireCanonical(parts[2], "signature");

    boolean unencoded = !withoutPayload.getHeader().isBase64URLEncodePayload();
    if (unencoded) {
      requireUtf8ForUnencodedPayload(body);
    }
    JWSObject jws = parseWithDetachedPayload(detachedJws, body);
    requireSigningInputOverBody(jws, parts[0], body, unencoded);

    SignedPart part =
        new SignedPart(jws.getHeader(), null, jws.getSigningInput(), parts[2].decode());
    JwsForm form = unencoded ? JwsForm.DETACHED_UNENCODED : JwsForm.DETACHED;
    return new JwsEnvelope(form, body.clone(), List.of(part));
  }

  /**
   * Parses a compact JWS. An unsecured JWS ({@code alg} none) and a JWE are rejected as algorithms,
   * not as malformed input, so that the partner learns what to change.
   */
  private static JWSObject parseJwsObject(String serialized) throws JwsRejection {
    requireNoSurroundingText(serialized);
    JOSEObject object;
    try {
      object = JOSEObject.parse(serialized);
    } catch (ParseException | RuntimeException e) {
      throw malformed("The compact JWS cannot be parsed" + cause(e) + ".");
    }

    if (object instanceof PlainObject) {
      throw unsecured();
    }
    if (!(object instanceof JWSObject jws)) {
      throw new JwsRejection(
          RejectionReason.ALGORITHM_NOT_ALLOWED,
          "The object is a JWE with algorithm '"
              + object.getHeader().getAlgorithm()
              + "', an encryption algorithm. Send a JWS signed with an allowed signature"
              + " algorithm.");
    }
    return jws;
  }

  /** Rejects whitespace around the parts, which Nimbus trims before it splits them. */
  private static void requireNoSurroundingText(String serialized) throws JwsRejection {
    if (!serialized.equals(serialized.trim())) {
      throw malformed(
          "The compact JWS has whitespace or a line break before or after it. Send exactly the"
              + " dot-separated base64url parts.");
    }
  }

  private static JWSObject parseWithDetachedPayload(String detachedJws, byte[] body)
      throws JwsRejection {
    try {
      return JWSObject.parse(detachedJws, new Payload(body));
    } catch (ParseException | RuntimeException e) {
      throw malformed("The detached JWS cannot be parsed" + cause(e) + ".");
    }
  }

  private static SignedPart jsonPart(JWSObjectJSON.Signature signature) throws JwsRejection {
    JWSHeader header = signature.getHeader();
    requireEncodedPayload(header, "in JSON serialization");
    requireCanonical(header.getParsedBase64URL(), "protected header");
    requireCanonical(signature.getSignature(), "signature");

    byte[] signingInput = signature.toJWSObject().getSigningInput();
    return new SignedPart(
        header, signature.getUnprotectedHeader(), signingInput, signature.getSignature().decode());
  }

  /**
   * Rejects a JWS JSON serialization with {@code alg} none in a protected header, which Nimbus
   * reports only as a missing JWS algorithm. Reads the JSON with Nimbus and ignores anything else
   * it cannot read, because the caller rejects the input as malformed then.
   */
  private static void rejectUnsecured(String json) throws JwsRejection {
    List<Base64URL> protectedHeaders = new ArrayList<>();
    try {
      Map<String, Object> object = JSONObjectUtils.parse(json);
      protectedHeaders.add(JSONObjectUtils.getBase64URL(object, "protected"));
      Map<String, Object>[] signatures = JSONObjectUtils.getJSONObjectArray(object, "signatures");
      if (signatures != null) {
        for (Map<String, Object> signature : signatures) {
          protectedHeaders.add(JSONObjectUtils.getBase64URL(signature, "protected"));
        }
      }
    } catch (ParseException | RuntimeException e) {
      return;
    }

    for (Base64URL encoded : protectedHeaders) {
      if (encoded != null && isUnsecuredHeader(encoded)) {
        throw unsecured();
      }
    }
  }

  private static boolean isUnsecuredHeader(Base64URL encoded) {
    try {
      return Header.parse(encoded) instanceof PlainHeader;
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  private static void requireEncodedPayload(JWSHeader header, String where) throws JwsRejection {
    if (!header.isBase64URLEncodePayload()) {
      throw new JwsRejection(
          RejectionReason.CRITICAL_HEADER_UNSUPPORTED,
          "The header parameter b64 is false, but the unencoded payload option (RFC 7797) is"
              + " supported only for a detached JWS in the X-JWS-Signature header, not "
              + where
              + ". Sign with the default base64url-encoded payload.");
    }
  }

  /**
   * Rejects a part that Nimbus decoded leniently: padding, whitespace, line breaks or characters
   * outside the base64url alphabet (RFC 7515 section 2) make it re-encode differently.
   */
  private static void requireCanonical(Base64URL part, String name) throws JwsRejection {
    String text = part.toString();
    String reencoded;
    try {
      reencoded = Base64URL.encode(part.decode()).toString();
    } catch (RuntimeException e) {
      reencoded = null;
    }

    if (!text.equals(reencoded)) {
      throw malformed(
          "The JWS "
              + name
              + " is not base64url without padding (RFC 7515 section 2): it contains padding,"
              + " whitespace, a line break or characters outside the base64url alphabet. Encode"
              + " every part with base64url and no padding.");
    }
  }

  /**
   * Requires valid UTF-8 for an unencoded payload, because Nimbus 10 turns such a payload into a
   * Java string for the signing input: malformed bytes would become U+FFFD, so that different
   * bodies could share one signature.
   */
  private static void requireUtf8ForUnencodedPayload(byte[] body) throws JwsRejection {
    if (!isDecodable(body, StandardCharsets.UTF_8)) {
      throw new JwsRejection(
          RejectionReason.CRITICAL_HEADER_UNSUPPORTED,
          "The header parameter b64 is false, but the request body is not valid UTF-8. The"
              + " unencoded payload option is supported only for UTF-8 bodies. Sign the body with"
              + " the default base64url-encoded payload.");
    }
  }

  /**
   * Checks that the signing input Nimbus composed is the ASCII protected header, a period and the
   * body exactly as received (RFC 7515 section 5.2, RFC 7797 section 3), so that no conversion of
   * the body can go unnoticed.
   */
  private static void requireSigningInputOverBody(
      JWSObject jws, Base64URL protectedHeader, byte[] body, boolean unencoded)
      throws JwsRejection {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(protectedHeader.toString().getBytes(StandardCharsets.US_ASCII));
    expected.write('.');
    if (unencoded) {
      expected.writeBytes(body);
    } else {
      expected.writeBytes(Base64URL.encode(body).toString().getBytes(StandardCharsets.US_ASCII));
    }

    if (!Arrays.equals(expected.toByteArray(), jws.getSigningInput())) {
      throw malformed(
          "The detached JWS cannot be verified over the exact bytes of the request body. Sign the"
              + " body with the default base64url-encoded payload.");
    }
  }

  private static String decode(byte[] bytes, Charset charset, String source) throws JwsRejection {
    try {
      return newDecoder(charset).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw malformed(
          source + " is not valid " + charset.name() + ", so it is not a JWS. Send the JWS text.");
    }
  }

  private static boolean isDecodable(byte[] bytes, Charset charset) {
    try {
      newDecoder(charset).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static CharsetDecoder newDecoder(Charset charset) {
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static JwsRejection unsecured() {
    return new JwsRejection(
        RejectionReason.ALGORITHM_NOT_ALLOWED,
        "The JWS algorithm is 'none', so the JWS is unsecured and not signed. Sign it with an"
            + " allowed signature algorithm.");
  }

  static JwsRejection malformed(String detail) {
    return new JwsRejection(RejectionReason.SIGNATURE_MALFORMED, detail);
  }

  /** Returns Nimbus' parse message in brackets, shortened, for a problem detail. */
  private static String cause(Exception e) {
    String message = e instanceof ParseException ? e.getMessage() : null;
    if (message == null || message.isBlank()) {
      return "";
    }
    String summary = message.lines().findFirst().orElse("").strip();
    if (summary.length() > MAX_CAUSE_LENGTH) {
      summary = summary.substring(0, MAX_CAUSE_LENGTH) + "...";
    }
    return " (" + summary + ")";
  }
}
