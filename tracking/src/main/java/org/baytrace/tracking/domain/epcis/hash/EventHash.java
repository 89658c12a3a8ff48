package org.baytrace.tracking.domain.epcis.hash;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The EPCIS event hash ID of GS1 CBV 2.0 §8.9 for EPCIS 2.0 JSON/JSON-LD events: a canonical
 * pre-hash string built from the event's content, its SHA-256, and the id {@code
 * ni:///sha-256;<lower-case hex>?ver=CBV2.0} (RFC 6920). Two serialisations of the same event
 * (key order, list order, namespace prefixes, EPC URI or Digital Link, bare or full vocabulary,
 * time zone of timestamps, trailing zeros) give the same id; any change of content changes it.
 *
 * <p>The pre-hash string is the reference implementation's (RalphTro/epcis-event-hash-generator,
 * whose test vectors {@code EventHashVectorsTest} checks): no separators; {@code key=value} for
 * values and the bare key before nested content; in this order {@code eventType}, {@code
 * eventTime}, {@code eventTimeZoneOffset}, {@code certificationInfo}, {@code epcList}, {@code
 * parentID}, {@code inputEPCList}, {@code childEPCs}, the quantity lists ({@code
 * epcClass/quantity/uom}), {@code outputEPCList}, {@code outputQuantityList}, {@code action},
 * {@code transformationID}, {@code bizStep}, {@code disposition}, {@code persistentDisposition},
 * {@code readPoint}, {@code bizLocation}, {@code sensorElementList}; then all other fields —
 * {@code bizTransactionList}, {@code sourceList}, {@code destinationList} (each entry {@code
 * type=...} then the id), {@code ilmd} and user extensions as {@code {namespace}name} — each
 * rendered whole and the renderings sorted. Note that this places business transactions, sources
 * and destinations after the sensor elements, and destinations before sources, unlike the table in
 * the standard's text: the reference's vectors are what other implementations match. Repeated
 * elements and the members of extensions are sorted by code point; extensions of {@code
 * readPoint}, {@code bizLocation}, quantity elements, sensor elements, sensor metadata and sensor
 * reports follow their parent's standard fields. {@code eventID}, {@code recordTime}, {@code
 * errorDeclaration}, comments and JSON-LD keywords are left out, as are fields a document names in
 * {@code ignoreFields}.
 *
 * <p>Values: trimmed; bare vocabulary ({@code shipping}, {@code po}, {@code Temperature}) and
 * CURIEs ({@code gs1:Angle}, {@code cbv:Comp-latitude}) expanded; {@code urn:epcglobal:cbv:...}
 * vocabulary as Web URIs; numbers without trailing zeros; timestamps in UTC with milliseconds
 * ({@code 2005-04-04T02:33:31.116Z}, a fourth decimal of 5-9 rounding up); EPC URIs of every GS1
 * scheme and Digital Links on any host as {@code https://id.gs1.org/...} without query, CPV, or the
 * lot where a serial is present.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventHash {
  /** The algorithm version the ids carry. */
  public static final String VERSION = "CBV2.0";

  private EventHash() {}

  /**
   * The pre-hash string of one event.
   *
   * @param event an EPCIS 2.0 event as JSON (an object with {@code type})
   * @param context the document's {@code @context} (string, object or array), or the whole
   *     document, or {@code null}; it supplies the namespace prefixes of extension fields
   * @throws IllegalArgumentException if {@code event} is not an object with a {@code type}
   */
  public static String preHashString(JsonNode event, JsonNode context) {
    return preHashString(event, context, Set.of());
  }

  /**
   * As {@link #preHashString(JsonNode, JsonNode)}, leaving out the named top-level fields (as
   * CURIEs or plain names, e.g. {@code repository-x:hash}); {@link #forDocument} takes them from
   * the document's {@code ignoreFields}.
   */
  public static String preHashString(
      JsonNode event, JsonNode context, Collection<String> ignoredFields) {
    Namespaces ns = Namespaces.of(context);
    return new PreHash(ns, expand(ns, ignoredFields)).of(event);
  }

  /** The event hash ID of one event: {@code ni:///sha-256;<hex>?ver=CBV2.0}. */
  public static String hashId(JsonNode event, JsonNode context) {
    return hashIdOf(preHashString(event, context));
  }

  /** The event hash ID of a pre-hash string: SHA-256 of its UTF-8 bytes in RFC 6920 form. */
  public static String hashIdOf(String preHashString) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(preHashString.getBytes(StandardCharsets.UTF_8));
      return "ni:///sha-256;" + HexFormat.of().formatHex(digest) + "?ver=" + VERSION;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * The pre-hash strings and ids of every event of an {@code EPCISDocument} ({@code
   * epcisBody.eventList}) or {@code EPCISQueryDocument} ({@code
   * epcisBody.queryResults.resultsBody.eventList}), in document order. Fields listed in an {@code
   * ignoreFields} member of the document or of its {@code queryResults} (under any prefix, e.g.
   * {@code repository-x:ignoreFields}) are left out of every event.
   *
   * @throws IllegalArgumentException if the document has no event list or an event is malformed;
   *     the message gives the event's index
   */
  public static List<HashedEvent> forDocument(JsonNode epcisDocument) {
    if (epcisDocument == null || !epcisDocument.isObject()) {
      throw new IllegalArgumentException("EPCIS document: want a JSON object");
    }
    Namespaces ns = Namespaces.of(epcisDocument.get("@context"));
    JsonNode body = epcisDocument.get("epcisBody");
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("EPCIS document: no epcisBody object");
    }
    List<String> ignored = new ArrayList<>(ignoreFields(epcisDocument, ns));
    JsonNode events;
    String where;
    if (body.has("eventList")) {
      events = body.get("eventList");
      where = "epcisBody.eventList";
    } else if (body.has("queryResults")) {
      JsonNode results = body.get("queryResults");
      ignored.addAll(ignoreFields(results, ns));
      events = results.path("resultsBody").path("eventList");
      where = "epcisBody.queryResults.resultsBody.eventList";
    } else {
      throw new IllegalArgumentException(
          "EPCIS document: epcisBody has neither eventList nor queryResults");
    }
    if (!events.isArray()) {
      throw new IllegalArgumentException("EPCIS document: " + where + " is not an array");
    }
    PreHash preHash = new PreHash(ns, expand(ns, ignored));
    List<HashedEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      String pre;
      try {
        pre = preHash.of(events.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + "[" + i + "]: " + e.getMessage(), e);
      }
      out.add(new HashedEvent(i, pre, hashIdOf(pre)));
    }
    return List.copyOf(out);
  }

  /** The names in members called {@code ignoreFields} (with or without a prefix). */
  private static List<String> ignoreFields(JsonNode holder, Namespaces ns) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : holder.properties()) {
      String key = e.getKey();
      if (key.equals("ignoreFields")
          || key.endsWith(":ignoreFields")
          || ns.expandKey(key).endsWith("}ignoreFields")) {
        JsonNode v = e.getValue();
        if (v.isTextual()) {
          out.add(v.asText());
        }
        for (JsonNode n : v) {
          if (n.isTextual()) {
            out.add(n.asText());
          }
        }
      }
    }
    return out;
  }

  private static Set<String> expand(Namespaces ns, Collection<String> fields) {
    Set<String> out = new HashSet<>();
    for (String f : fields) {
      out.add(ns.expandKey(f.strip()));
    }
    return out;
  }
}
