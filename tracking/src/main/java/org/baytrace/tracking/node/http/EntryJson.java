package org.baytrace.tracking.node.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.Signature;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.verify.VerificationException;

/**
 * The JSON view of one log entry: the exact leaf bytes ({@code logEntry}, base64) that the leaf
 * hash covers, and beside them a decoded view for people. Only {@code logEntry} is evidence;
 * the rest is derived from it for reading and is never signed or hashed. Shape:
 * <pre>{"index": 3, "leafHash": {"hex": "…", "base64": "…"}, "logEntry": "&lt;base64&gt;",
 *  "recordTime": "2026-01-02T03:04:05.678Z", "origin": "…", "kind": "epcis.ObjectEvent",
 *  "subjects": ["…"], "authorOrg": "org1", "eventTime": "…", "contentType": "application/json",
 *  "content": "{…}", "contentEncoding": "utf-8" | "base64",
 *  "signatures": [{"keyId": "…", "publicKey": "&lt;base64&gt;"}],
 *  "links": [{"subject": "…", "previousLeafHash": {"hex": "…", "base64": "…"} | null}]}</pre>
 * Pure; thread-safe.
 */
final class EntryJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EntryJson() {}

  /**
   * @throws LedgerException STORE_CORRUPT if the stored bytes do not parse (the store checked
   *     them on append, so they always should)
   */
  static ObjectNode toJson(StoredEntry entry) {
    byte[] leaf = entry.leaf();
    Leaf logEntry;
    SignedRecord signed;
    RecordBody body;
    try {
      logEntry = LeafCodec.decode(leaf);
      signed = SignedRecord.parseFrom(logEntry.signedRecord());
      body = RecordBody.parseFrom(signed.getBody());
    } catch (VerificationException | InvalidProtocolBufferException e) {
      throw new LedgerException(LedgerError.STORE_CORRUPT,
          "entry " + entry.index() + ": stored bytes do not parse as LogEntry/SignedRecord/RecordBody", e);
    }
    ObjectNode n = NODES.objectNode();
    n.put("index", entry.index());
    n.set("leafHash", hash(entry.leafHash()));
    n.put("logEntry", Base64.getEncoder().encodeToString(leaf));
    n.put("recordTime", Instant.ofEpochMilli(logEntry.recordTimeUnixMillis()).toString());
    n.put("origin", body.getOrigin());
    n.put("kind", body.getKind());
    ArrayNode subjects = n.putArray("subjects");
    body.getSubjectsList().forEach(subjects::add);
    n.put("authorOrg", body.getAuthorOrg());
    n.put("eventTime", Instant.ofEpochMilli(body.getEventTimeUnixMillis()).toString());
    n.put("contentType", body.getContentType());
    byte[] content = body.getContent().toByteArray();
    String text = isTextual(body.getContentType()) ? utf8(content) : null;
    if (text != null) {
      n.put("content", text);
      n.put("contentEncoding", "utf-8");
    } else {
      n.put("content", Base64.getEncoder().encodeToString(content));
      n.put("contentEncoding", "base64");
    }
    ArrayNode sigs = n.putArray("signatures");
    for (Signature s : signed.getSignaturesList()) {
      byte[] key = s.getPublicKey().toByteArray();
      ObjectNode sig = sigs.addObject();
      sig.put("keyId", keyId(key));
      sig.put("publicKey", Base64.getEncoder().encodeToString(key));
    }
    ArrayNode links = n.putArray("links");
    for (Leaf.Link l : logEntry.links()) {
      ObjectNode link = links.addObject();
      link.put("subject", l.subject());
      if (l.previousLeafHash() == null) {
        link.putNull("previousLeafHash");
      } else {
        link.set("previousLeafHash", hash(l.previousLeafHash().toByteArray()));
      }
    }
    return n;
  }

  private static ObjectNode hash(Hash32 h) {
    return NODES.objectNode().put("hex", h.hex()).put("base64", h.base64());
  }

  private static ObjectNode hash(byte[] h) {
    return h.length == Hash32.LENGTH ? hash(Hash32.of(h))
        : NODES.objectNode().put("hex", java.util.HexFormat.of().formatHex(h)).put("base64", Base64.getEncoder().encodeToString(h));
  }

  private static String keyId(byte[] key) {
    try {
      return PublicKey.of(key).keyId();
    } catch (IllegalArgumentException e) {
      return "(invalid key)"; // the ledger refuses such records; shown rather than hidden
    }
  }

  /** JSON and text media types, when no charset other than UTF-8 (or its subset ASCII) is named. */
  static boolean isTextual(String contentType) {
    String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
    String mime = parts[0].strip();
    boolean textual = mime.startsWith("text/") || mime.equals("application/json") || mime.endsWith("+json");
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      if (p.startsWith("charset=")) {
        String cs = p.substring("charset=".length()).replace("\"", "").strip();
        textual &= cs.equals("utf-8") || cs.equals("utf8") || cs.equals("us-ascii");
      }
    }
    return textual;
  }

  /** The bytes as text if they are well-formed UTF-8, else null. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
