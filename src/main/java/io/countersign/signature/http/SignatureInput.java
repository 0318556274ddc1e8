package io.countersign.signature.http;

import io.countersign.platform.RejectionReason;
import io.countersign.signature.http.StructuredFields.InnerList;
import io.countersign.signature.http.StructuredFields.Item;
import io.countersign.signature.http.StructuredFields.Member;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One member of the Signature-Input field (RFC 9421 section 4.1): the covered components and the
 * signature parameters of section 2.3 that the verifier reads.
 *
 * @param label the dictionary key that pairs it with its Signature member
 * @param parameters the inner list as received, serialized for {@code @signature-params}
 * @param created the {@code created} parameter, which Countersign requires
 * @param expires the {@code expires} parameter, or {@code null}
 * @param keyId the {@code keyid} parameter, which Countersign requires
 * @param algorithm the {@code alg} parameter, or {@code null}
 */
record SignatureInput(
    String label,
    InnerList parameters,
    Instant created,
    Instant expires,
    String keyId,
    String algorithm) {

  /** Reads a Signature-Input member and checks the types and uniqueness that RFC 9421 requires. */
  static SignatureInput of(String label, Member member) throws RequestRejection {
    if (!(member instanceof InnerList list)) {
      throw malformed(label, "is not an inner list of component identifiers");
    }
    checkComponents(label, list.items());

    Long created = integerParameter(label, list, "created");
    if (created == null) {
      throw new RequestRejection(
          RejectionReason.COVERED_COMPONENTS_INSUFFICIENT,
          "Signature '" + label + "' has no created parameter. Add the signing time as created.");
    }
    Long expires = integerParameter(label, list, "expires");
    String keyId = stringParameter(label, list, "keyid");
    if (keyId == null) {
      throw malformed(label, "has no keyid parameter. Add the id of the registered key.");
    }
    String algorithm = stringParameter(label, list, "alg");

    return new SignatureInput(
        label,
        list,
        Instant.ofEpochSecond(created),
        expires == null ? null : Instant.ofEpochSecond(expires),
        keyId,
        algorithm);
  }

  /** Returns the component identifiers in order, each serialized as in the signature base. */
  List<String> coveredComponents() {
    return parameters.items().stream().map(StructuredFields::serialize).toList();
  }

  /** Returns the names of the covered components, without their parameters. */
  Set<String> componentNames() {
    Set<String> names = new HashSet<>();
    parameters.items().forEach(item -> names.add((String) item.value()));
    return names;
  }

  /**
   * Checks that every component identifier is a string with a lower-case name (RFC 9421 section
   * 2.1) and that none appears twice (section 2.5).
   */
  private static void checkComponents(String label, List<Item> components) throws RequestRejection {
    Set<String> seen = new HashSet<>();
    for (Item component : components) {
      if (!(component.value() instanceof String name)) {
        throw malformed(label, "covers a component identifier that is not a string");
      }
      if (!name.equals(name.toLowerCase(Locale.ROOT))) {
        throw malformed(label, "covers '" + name + "', but component names must be lower case");
      }
      if (!seen.add(StructuredFields.serialize(component))) {
        throw malformed(label, "covers " + StructuredFields.serialize(component) + " twice");
      }
    }
  }

  private static Long integerParameter(String label, InnerList list, String name)
      throws RequestRejection {
    Object value = list.parameters().get(name);
    if (value == null || value instanceof Long) {
      return (Long) value;
    }
    throw malformed(label, "has a " + name + " parameter that is not an integer");
  }

  private static String stringParameter(String label, InnerList list, String name)
      throws RequestRejection {
    Object value = list.parameters().get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw malformed(label, "has a " + name + " parameter that is not a string");
  }

  private static RequestRejection malformed(String label, String problem) {
    return new RequestRejection(
        RejectionReason.REQUEST_SIGNATURE_MALFORMED,
        "Signature-Input member '" + label + "' " + problem + ".");
  }
}
