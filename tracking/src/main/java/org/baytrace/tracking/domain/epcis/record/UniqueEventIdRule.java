package org.baytrace.tracking.domain.epcis.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;

/**
 * {@value #RULE}: an {@code eventID} names one event. A record of an EPCIS event ({@link
 * EpcisRecords}) whose {@code eventID} the log already holds for another record is refused with
 * {@code RULE_VIOLATED} (gRPC FAILED_PRECONDITION, HTTP 409), as is the second of two records of
 * one batch (one capture document) with the same id. Two kinds of record may repeat an id: the
 * very same record sent again, which the ledger answers as a duplicate of the one it holds
 * without judging it, and an error declaration (EPCIS 2.0 §7.4.1.2: the event again, with an
 * {@code errorDeclaration}), which is how EPCIS corrects an event without editing it.
 *
 * <p>An apply rule, judged in log order on every member, so two nodes capturing different events
 * with one id at the same moment agree on which came first. Events stored before this rule
 * existed may share an id; replay keeps the first index of each.
 *
 * <p>Thread-safety: called by the ledger's writer only ({@link ApplyRule}); {@link #heldAt} may
 * be read from any thread.
 */
public final class UniqueEventIdRule implements ApplyRule {
  public static final String RULE = "epcis.unique-event-id";
  private static final JsonFactory JSON = new JsonFactory();

  /** eventID → ledger index of the first record that holds it. */
  private final Map<String, Long> held = new HashMap<>();

  @Override
  public void replay(AppliedRecord applied) {
    String id = eventId(applied.record());
    if (id != null) {
      synchronized (held) {
        held.putIfAbsent(id, applied.index());
      }
    }
  }

  /** The snapshot name of this rule's state. */
  public static final String SNAPSHOT = "epcis.unique-event-id";

  /**
   * Snapshotted as its own state (every EPCIS event may hold an id, so replaying the records it
   * took would read most of the log): {@link #encode}.
   */
  @Override
  public Optional<Snapshots> snapshots() {
    return Optional.of(new Snapshots() {
      @Override
      public String name() {
        return SNAPSHOT;
      }

      @Override
      public int version() {
        return 1;
      }

      @Override
      public boolean takes(ParsedRecord record) {
        return false;
      }

      @Override
      public Optional<byte[]> encodeState() {
        synchronized (held) {
          return Optional.of(encode(held));
        }
      }

      @Override
      public void decodeState(byte[] state) {
        Map<String, Long> read = decode(state);
        synchronized (held) {
          held.putAll(read);
        }
      }
    });
  }

  /**
   * The state's encoding, version 1: the number of ids (4 bytes, big-endian), then per id in
   * the order of their UTF-8 text (Java {@code String} order): its UTF-8 length (4 bytes), the
   * bytes, and its ledger index (8 bytes). One byte string per state.
   */
  static byte[] encode(Map<String, Long> ids) {
    TreeMap<String, Long> sorted = new TreeMap<>(ids);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 48 * sorted.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(sorted.size());
      for (Map.Entry<String, Long> e : sorted.entrySet()) {
        byte[] id = e.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeInt(id.length);
        out.write(id);
        out.writeLong(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown by a stream in memory
    }
    return bytes.toByteArray();
  }

  /**
   * Reads {@link #encode}'s bytes.
   *
   * @throws IllegalArgumentException naming what is wrong: truncated, trailing bytes, an empty
   *     or repeated id, a negative index
   */
  static Map<String, Long> decode(byte[] state) {
    Map<String, Long> ids = new HashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      int count = in.readInt();
      if (count < 0 || count > state.length / 13) {
        throw new IllegalArgumentException("event ids: count " + count + " does not fit " + state.length + " bytes");
      }
      for (int i = 0; i < count; i++) {
        int length = in.readInt();
        if (length <= 0 || length > in.available()) {
          throw new IllegalArgumentException("event id " + i + ": length " + length + " out of range");
        }
        String id = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        long index = in.readLong();
        if (index < 0 || ids.put(id, index) != null) {
          throw new IllegalArgumentException("event id " + i + " (" + id + "): index " + index + " negative or id repeated");
        }
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException("event ids: " + in.available() + " bytes after the last id");
      }
    } catch (EOFException e) {
      throw new IllegalArgumentException("event ids: truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  /** The ledger index of the event holding {@code eventId}, or -1. */
  public long heldAt(String eventId) {
    synchronized (held) {
      return held.getOrDefault(eventId, -1L);
    }
  }

  @Override
  public Batch begin(long recordTimeUnixMillis) {
    return new Batch() {
      private final Map<String, Integer> staged = new HashMap<>();

      @Override
      public void check(List<ParsedRecord> group) {
        Map<String, Integer> inGroup = new HashMap<>();
        for (int i = 0; i < group.size(); i++) {
          ParsedRecord r = group.get(i);
          String id = eventId(r);
          if (id == null || declaresError(r)) {
            continue;
          }
          long at = heldAt(id);
          if (at >= 0) {
            throw new LedgerException(LedgerError.RULE_VIOLATED, RULE + ": eventID " + id
                + ": the ledger already holds another event with this id at index " + at
                + "; an eventID names one event (give this event its own id, or omit it to get its hash id)");
          }
          if (staged.containsKey(id) || inGroup.putIfAbsent(id, i) != null) {
            throw new LedgerException(LedgerError.RULE_VIOLATED, RULE + ": eventID " + id
                + ": given to two different events submitted together; an eventID names one event");
          }
        }
      }

      @Override
      public void stage(List<ParsedRecord> group) {
        for (ParsedRecord r : group) {
          String id = eventId(r);
          if (id != null) {
            staged.put(id, 0);
          }
        }
      }

      @Override
      public void commit(List<AppliedRecord> stored) {
        synchronized (held) {
          for (AppliedRecord a : stored) {
            String id = eventId(a.record());
            if (id != null) {
              held.putIfAbsent(id, a.index());
            }
          }
        }
      }
    };
  }

  /** The top-level {@code eventID} of an EPCIS event record, or null (not such a record, or no id). */
  static String eventId(ParsedRecord r) {
    return topLevel(r, "eventID");
  }

  /** True if the event carries an {@code errorDeclaration}: it corrects the event with its id. */
  static boolean declaresError(ParsedRecord r) {
    return topLevel(r, "errorDeclaration") != null;
  }

  /** A top-level member of an EPCIS record's content: its text if a string, "" if an object; else null. */
  private static String topLevel(ParsedRecord r, String member) {
    if (!r.kind().startsWith(EpcisRecords.KIND_PREFIX) || !EpcisRecords.CONTENT_TYPE.equals(r.contentType())) {
      return null;
    }
    try (JsonParser p = JSON.createParser(r.content())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals(member)) {
          if (value == JsonToken.VALUE_STRING) {
            String text = p.getText();
            return text.isEmpty() ? null : text;
          }
          return value == JsonToken.START_OBJECT ? "" : null;
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null; // not JSON: refused elsewhere (INVALID_FIELD), nothing to compare here
    }
  }
}
