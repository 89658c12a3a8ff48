package org.baytrace.tracking.domain.epcis.masterdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.verify.VerificationException;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * How EPCIS 2.0 master data is carried in ledger records: one record per vocabulary element of a
 * capture document's {@code epcisHeader.epcisMasterData.vocabularyList}. The contract between
 * capture, the author policy (which judges who may describe the element) and the projection:
 * <ul>
 *   <li>kind: {@value #KIND_PREFIX} + the vocabulary type's last segment, e.g. {@code
 *       masterdata.EPCClass}, {@code masterdata.Location} (types outside {@code [A-Za-z0-9_-]}
 *       become {@code masterdata.Other}; the content keeps the type as given);
 *   <li>content type {@value #CONTENT_TYPE}; content: {@code {"@context": <the document's>,
 *       "type": <vocabulary type>, "id": <element id>, "attributes": [...], "children": [...]}}
 *       with attributes exactly as captured;
 *   <li>subjects: the element id in canonical form (a GS1 key as its Digital Link), the one
 *       subject; so an element's history is its subject chain, beside the events about it;
 *   <li>event time: the document's {@code creationDate}; nonce: {@code md:} and the SHA-256 of
 *       the content, so the same element sent again in the same document is stored once.
 * </ul>
 * The newest record of an element is its master data (a record replaces the element's attributes
 * as a whole, as an EPCIS master data document states them). Stateless; thread-safe.
 */
public final class MasterDataRecords {
  public static final String KIND_PREFIX = "masterdata.";
  public static final String CONTENT_TYPE = "application/ld+json";
  /** Most vocabulary elements one capture document may carry (beside its events). */
  public static final int MAX_ELEMENTS = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private MasterDataRecords() {}

  /**
   * The vocabulary elements of a document's {@code epcisHeader.epcisMasterData.vocabularyList},
   * each with its JSON pointer, in document order (none if the document has no master data).
   */
  public record Located(String pointer, String vocabularyType, JsonNode element) {}

  public static List<Located> elements(JsonNode document) {
    List<Located> out = new ArrayList<>();
    JsonNode list = document.path("epcisHeader").path("epcisMasterData").path("vocabularyList");
    for (int v = 0; v < list.size(); v++) {
      JsonNode vocabulary = list.get(v);
      String type = vocabulary.path("type").asText("");
      JsonNode elements = vocabulary.path("vocabularyElementList");
      for (int e = 0; e < elements.size(); e++) {
        out.add(new Located("/epcisHeader/epcisMasterData/vocabularyList/" + v + "/vocabularyElementList/" + e, type,
            elements.get(e)));
      }
    }
    return out;
  }

  /**
   * The record body of one vocabulary element.
   *
   * @param context the document's {@code @context} (may be null)
   * @param creationDateMillis the document's {@code creationDate}
   * @throws IllegalArgumentException naming the field if the element has no id, a malformed GS1
   *     id, or attributes without ids
   */
  public static RecordBody toBody(String origin, String authorOrg, String vocabularyType, JsonNode element,
      JsonNode context, long creationDateMillis) {
    if (vocabularyType == null || vocabularyType.isBlank()) {
      throw new IllegalArgumentException("type: empty, want the vocabulary type, e.g. urn:epcglobal:epcis:vtype:Location");
    }
    String id = element.path("id").asText("");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: empty, want the vocabulary element's id");
    }
    String subject = EpcisRecords.canonical("id", id);
    ObjectNode content = JSON.createObjectNode();
    if (context != null && !context.isMissingNode() && !context.isNull()) {
      content.set("@context", context);
    }
    content.put("type", vocabularyType);
    content.put("id", id);
    JsonNode attributes = element.path("attributes");
    for (int i = 0; i < attributes.size(); i++) {
      if (attributes.get(i).path("id").asText("").isBlank()) {
        throw new IllegalArgumentException("attributes/" + i + "/id: empty, want the attribute's id, e.g. "
            + AttributeIds.NAME);
      }
    }
    content.set("attributes", attributes.isArray() ? attributes.deepCopy() : JSON.createArrayNode());
    content.set("children", element.path("children").isArray() ? element.get("children").deepCopy()
        : JSON.createArrayNode());
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(content);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("vocabulary element cannot be serialised: " + e.getOriginalMessage(), e);
    }
    return RecordBody.newBuilder().setOrigin(origin).setKind(kind(vocabularyType)).addSubjects(subject)
        .setEventTimeUnixMillis(creationDateMillis).setAuthorOrg(authorOrg)
        .setNonce(ByteString.copyFrom("md:" + sha256(bytes), StandardCharsets.UTF_8))
        .setContentType(CONTENT_TYPE).setContent(ByteString.copyFrom(bytes)).build();
  }

  /** {@code masterdata.Location} for {@code urn:epcglobal:epcis:vtype:Location}. */
  public static String kind(String vocabularyType) {
    String t = vocabularyType.strip();
    int cut = Math.max(Math.max(t.lastIndexOf(':'), t.lastIndexOf('/')), t.lastIndexOf('#'));
    String last = t.substring(cut + 1);
    return KIND_PREFIX + (TYPE_NAME.matcher(last).matches() ? last : "Other");
  }

  /** True for a master data record's kind and content type. */
  public static boolean isMasterData(String kind, String contentType) {
    return kind.startsWith(KIND_PREFIX) && CONTENT_TYPE.equals(contentType);
  }

  /**
   * Reads the element a master data record's content describes (not yet stored).
   *
   * @throws IllegalArgumentException if the content is no such element
   */
  public static VocabularyElement fromContent(byte[] content) {
    JsonNode n;
    try {
      n = JSON.readTree(content);
    } catch (IOException e) {
      throw new IllegalArgumentException("master data content is not JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("master data content: want a vocabulary element as a JSON object");
    }
    String id = n.path("id").asText("");
    if (id.isBlank()) {
      throw new IllegalArgumentException("master data content: id: empty, want the vocabulary element's id");
    }
    List<VocabularyElement.Attribute> attributes = new ArrayList<>();
    for (JsonNode a : n.path("attributes")) {
      String aid = a.path("id").asText("");
      if (!aid.isBlank()) {
        attributes.add(new VocabularyElement.Attribute(AttributeIds.normal(aid),
            a.has("attribute") ? a.get("attribute") : JSON.nullNode()));
      }
    }
    List<String> children = new ArrayList<>();
    n.path("children").forEach(c -> children.add(c.asText()));
    return new VocabularyElement(n.path("type").asText(""), id, EpcisRecords.canonical("id", id), attributes, children,
        -1, "");
  }

  /**
   * Reads the element of a log entry, or returns null if the entry is not a master data record.
   *
   * @throws IllegalArgumentException if it claims to be one but does not parse
   */
  public static VocabularyElement fromLeaf(byte[] leaf) {
    try {
      Leaf entry = LeafCodec.decode(leaf);
      return fromEntry(entry, RecordBody.parseFrom(SignedRecord.parseFrom(entry.signedRecord()).getBody()));
    } catch (VerificationException e) {
      throw new IllegalArgumentException("not a log entry: " + e.detail(), e);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a log entry: " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #fromLeaf}, for an entry already decoded with its record body.
   *
   * @throws IllegalArgumentException if it claims to be a master data record but does not parse
   */
  public static VocabularyElement fromEntry(Leaf entry, RecordBody body) {
    if (!isMasterData(body.getKind(), body.getContentType())) {
      return null;
    }
    String stated = body.getSubmittedBy().isEmpty() ? body.getAuthorOrg() : body.getSubmittedBy();
    return fromContent(body.getContent().toByteArray()).storedAt(entry.index(), stated);
  }

  /** The element as a projection stores it (JSON: type, id, attributes in normal form, children, index, author). */
  public static byte[] toStored(VocabularyElement e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", e.vocabularyType());
    n.put("id", e.id());
    var attributes = n.putArray("attributes");
    for (VocabularyElement.Attribute a : e.attributes()) {
      attributes.addObject().put("id", a.id()).set("attribute", a.value());
    }
    var children = n.putArray("children");
    e.children().forEach(children::add);
    n.put("ledgerIndex", e.ledgerIndex());
    n.put("authorOrg", e.authorOrg());
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("vocabulary element cannot be serialised", x);
    }
  }

  /** Reads what {@link #toStored} wrote. */
  public static VocabularyElement fromStored(byte[] stored) {
    VocabularyElement e = fromContent(stored);
    try {
      JsonNode n = JSON.readTree(stored);
      return e.storedAt(n.path("ledgerIndex").asLong(-1), n.path("authorOrg").asText(""));
    } catch (IOException x) {
      throw new IllegalArgumentException("stored vocabulary element is not JSON: " + x.getMessage(), x);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
