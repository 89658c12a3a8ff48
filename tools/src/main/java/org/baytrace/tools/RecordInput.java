package org.baytrace.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
    byte[] contentBytes = content == null ? new byte[0]
        : content.isTextual() ? content.asText().getBytes(StandardCharsets.UTF_8)
        : content.toString().getBytes(StandardCharsets.UTF_8);
    String contentType = text(n, "contentType", content != null && !content.isTextual() ? "application/json" : "text/plain");
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

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }
}
