package org.baytrace.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import org.baytrace.api.biomaterial.v1.BiomaterialProto;
import org.baytrace.api.coldchain.v1.ColdChainProto;
import org.baytrace.api.customs.v1.CustomsProto;
import org.baytrace.api.waterbus.v1.WaterBusProto;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.crypto.Sha256;

/**
 * Turns the command line's record input into RecordBody messages. One JSON object per line:
 * <pre>{"kind": "epcis.ObjectEvent", "subjects": ["https://id.gs1.org/01/09506000134352/10/L1"],
 *  "eventTime": "2026-11-28T10:00:00Z", "contentType": "application/json", "content": {...},
 *  "nonce": "optional"}</pre>
 * Without "nonce" the nonce is the SHA-256 of the line, so re-sending a file is idempotent.
 */
final class RecordInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordInput() {}

  static RecordBody fromJsonLine(String line, String origin, String org) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("want a JSON object per line");
    }
    String kind = text(n, "kind", null);
    if (kind == null) {
      throw new IllegalArgumentException("kind: missing, want e.g. \"epcis.ObjectEvent\"");
    }
    JsonNode subjectsNode = n.get("subjects");
    if (subjectsNode == null || !subjectsNode.isArray() || subjectsNode.isEmpty()) {
      throw new IllegalArgumentException("subjects: want a non-empty array of trace codes");
    }
    List<String> subjects = new ArrayList<>();
    subjectsNode.forEach(s -> subjects.add(s.asText()));
    JsonNode content = n.get("content");
    String contentType = text(n, "contentType", content != null && !content.isTextual() ? "application/json" : "text/plain");
    byte[] contentBytes = content == null ? new byte[0]
        : contentType.startsWith(PROTOBUF) && content.isObject() ? protobuf(contentType, content)
        : content.isTextual() ? content.asText().getBytes(StandardCharsets.UTF_8)
        : content.toString().getBytes(StandardCharsets.UTF_8);
    String nonce = text(n, "nonce", null);
    byte[] nonceBytes = nonce != null ? nonce.getBytes(StandardCharsets.UTF_8)
        : Sha256.hash(line.getBytes(StandardCharsets.UTF_8)).toByteArray();
    return body(origin, org, kind, subjects, eventTime(text(n, "eventTime", null)), contentType, contentBytes, nonceBytes);
  }

  static RecordBody body(String origin, String org, String kind, List<String> subjects, long eventTimeMillis,
      String contentType, byte[] content, byte[] nonce) {
    return RecordBody.newBuilder().setOrigin(origin).setKind(kind).addAllSubjects(subjects)
        .setEventTimeUnixMillis(eventTimeMillis).setAuthorOrg(org).setNonce(ByteString.copyFrom(nonce))
        .setContentType(contentType).setContent(ByteString.copyFrom(content)).build();
  }

  static long eventTime(String s) {
    if (s == null) {
      return System.currentTimeMillis();
    }
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("eventTime: got \"" + s + "\", want ISO-8601 UTC such as 2026-11-28T10:00:00Z");
    }
  }

  /**
   * A domain record's content given as the protobuf JSON form of its message (field names as in
   * the .proto or in lowerCamelCase), e.g. a water-bus discharge:
   * {@code "contentType": "application/protobuf; proto=baytrace.waterbus.v1.EquipmentEvent",
   * "content": {"containerNumber": "BTRU0000057", "eventType": "DISC", "port": "CNFOS", ...}}.
   */
  private static byte[] protobuf(String contentType, JsonNode content) {
    String name = contentType.substring(PROTOBUF.length()).strip();
    Descriptor d = DOMAIN_MESSAGES.get(name);
    if (d == null) {
      throw new IllegalArgumentException("contentType: got \"" + contentType + "\", want " + PROTOBUF + " and one of "
          + new TreeSet<>(DOMAIN_MESSAGES.keySet()));
    }
    DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
    try {
      JsonFormat.parser().merge(content.toString(), b);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("content: not a " + name + ": " + e.getMessage());
    }
    return b.build().toByteArray();
  }

  private static final String PROTOBUF = "application/protobuf; proto=";

  /** The domain messages a record's content may be, by full name. */
  private static final Map<String, Descriptor> DOMAIN_MESSAGES = domainMessages();

  private static Map<String, Descriptor> domainMessages() {
    Map<String, Descriptor> out = new HashMap<>();
    for (FileDescriptor f : List.of(WaterBusProto.getDescriptor(), CustomsProto.getDescriptor(),
        ColdChainProto.getDescriptor(), BiomaterialProto.getDescriptor())) {
      f.getMessageTypes().forEach(m -> out.put(m.getFullName(), m));
    }
    return Map.copyOf(out);
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }
}
