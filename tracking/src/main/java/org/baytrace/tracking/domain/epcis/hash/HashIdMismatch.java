package org.baytrace.tracking.domain.epcis.hash;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A supplied {@code ni:///sha-256;…} eventID that is not the CBV 2.0 hash id of the event's
 * content ({@link EventHash}). Only the hex digest is compared (case-insensitively); an id that
 * is not of the {@code ni:///sha-256;} form is not a hash id and is never compared.
 *
 * @param supplied the eventID the event carries
 * @param computed the hash id of its content, as this node computes it
 */
public record HashIdMismatch(String supplied, String computed) {
  public static final String PREFIX = "ni:///sha-256;";

  /**
   * The mismatch of an event's eventID, or null if it has no hash id, the id matches, or the
   * hash cannot be computed (an event the schema would refuse).
   *
   * @param context the document's {@code @context}, or null to use the event's own
   */
  public static HashIdMismatch of(JsonNode event, JsonNode context) {
    String id = event.path("eventID").asText("");
    if (!id.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    String computed;
    try {
      computed = EventHash.hashId(event, context != null ? context : event.get("@context"));
    } catch (RuntimeException e) {
      return null;
    }
    return digest(id).equals(digest(computed)) ? null : new HashIdMismatch(id, computed);
  }

  /**
   * The mismatch of a supplied eventID against a hash id already computed for the event's
   * content, or null if the id is not a hash id or matches it.
   */
  public static HashIdMismatch of(String supplied, String computed) {
    if (!supplied.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    return digest(supplied).equals(digest(computed)) ? null : new HashIdMismatch(supplied, computed);
  }

  /** True if the event's eventID is a hash id and is the hash id of its content. */
  public static boolean matches(JsonNode event, JsonNode context) {
    String id = event.path("eventID").asText("");
    if (!id.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    try {
      String computed = EventHash.hashId(event, context != null ? context : event.get("@context"));
      return digest(id).equals(digest(computed));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String digest(String id) {
    String rest = id.substring(PREFIX.length());
    int q = rest.indexOf('?');
    return (q < 0 ? rest : rest.substring(0, q)).toLowerCase(Locale.ROOT);
  }
}
