package org.baytrace.tracking.node.epcis.capture;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.baytrace.ledger.Appended;

/**
 * One capture job: a document accepted by {@code POST /capture} (202) and what became of each of
 * its events. Its JSON is the EPCIS REST binding's capture job ({@code captureID},
 * {@code createdAt}, {@code finishedAt}, {@code running}, {@code success},
 * {@code captureErrorBehaviour}, {@code errors}: problem objects) plus what the ledger did with
 * each stored event:
 * <pre>{"eventCount": 2, "events": [{"eventIndex": 0, "eventID": "…", "ledgerIndex": 41,
 *   "leafHash": {"hex": "…", "base64": "…"}, "duplicate": false, "entry": "/v1/ledger/entries/41"}]}</pre>
 * An error about one event carries its {@code eventIndex} (position in the document's event
 * list), {@code pointer} (JSON pointer to it) and {@code eventID} when known. Master data
 * vocabulary elements the ledger holds are listed in {@code masterData} ({@code pointer},
 * {@code type}, {@code id}, {@code ledgerIndex}, {@code duplicate}, {@code entry}); an error
 * about one carries its {@code pointer} and {@code vocabularyElementID}. A job is finished
 * ({@code running: false}) once every append it made is synced to disk.
 *
 * <p>Thread-safe: the capture worker and the sequencer's writer update it, HTTP threads read it.
 */
final class CaptureJob {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** An event the ledger holds for this job. */
  record Stored(int eventIndex, String eventId, Appended appended) {}

  /** A master data vocabulary element the ledger holds for this job. */
  record StoredElement(String pointer, String vocabularyType, String elementId, Appended appended) {}

  private final String id;
  private final String org;
  private final long seq;
  private final CaptureErrorBehaviour behaviour;
  private final Instant createdAt;
  private final int eventCount;
  private final CompletableFuture<CaptureJob> done = new CompletableFuture<>();

  private boolean running = true;
  private Instant finishedAt;
  private final List<ObjectNode> errors = new ArrayList<>();
  private final List<Stored> stored = new ArrayList<>();
  private final List<StoredElement> storedElements = new ArrayList<>();

  CaptureJob(String id, String org, long seq, CaptureErrorBehaviour behaviour, Instant createdAt, int eventCount) {
    this.id = id;
    this.org = org;
    this.seq = seq;
    this.behaviour = behaviour;
    this.createdAt = createdAt;
    this.eventCount = eventCount;
  }

  String id() {
    return id;
  }

  /** The organisation that submitted the document: the only one shown this job. */
  String org() {
    return org;
  }

  /** Order of creation, for listing and page tokens. */
  long seq() {
    return seq;
  }

  CaptureErrorBehaviour behaviour() {
    return behaviour;
  }

  int eventCount() {
    return eventCount;
  }

  /** Completes with this job when it finishes. */
  CompletableFuture<CaptureJob> done() {
    return done;
  }

  synchronized boolean running() {
    return running;
  }

  /** True if no error was recorded (so far, while running). */
  synchronized boolean success() {
    return errors.isEmpty();
  }

  synchronized List<Stored> stored() {
    return List.copyOf(stored);
  }

  /** The error objects, as the job JSON lists them. */
  synchronized List<ObjectNode> errors() {
    return errors.stream().map(ObjectNode::deepCopy).toList();
  }

  synchronized void addError(ObjectNode problem) {
    errors.add(problem);
  }

  synchronized void addStored(Stored s) {
    stored.add(s);
  }

  synchronized void addStored(StoredElement s) {
    storedElements.add(s);
  }

  synchronized List<StoredElement> storedElements() {
    return List.copyOf(storedElements);
  }

  /** Marks the job finished; later calls do nothing. */
  void finish(Instant at) {
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
      finishedAt = at;
      stored.sort(Comparator.comparingInt(Stored::eventIndex));
      errors.sort(Comparator.comparingLong(e -> e.path("eventIndex").asLong(-1)));
    }
    done.complete(this);
  }

  synchronized ObjectNode toJson() {
    ObjectNode n = NODES.objectNode();
    n.put("captureID", id);
    n.put("createdAt", createdAt.toString());
    if (finishedAt != null) {
      n.put("finishedAt", finishedAt.toString());
    }
    n.put("running", running);
    n.put("success", errors.isEmpty());
    n.put("captureErrorBehaviour", behaviour.headerValue());
    ArrayNode e = n.putArray("errors");
    errors.forEach(p -> e.add(p.deepCopy()));
    n.put("eventCount", eventCount);
    ArrayNode events = n.putArray("events");
    for (Stored s : stored) {
      ObjectNode o = events.addObject();
      o.put("eventIndex", s.eventIndex());
      o.put("eventID", s.eventId());
      o.put("ledgerIndex", s.appended().index());
      ObjectNode hash = o.putObject("leafHash");
      hash.put("hex", s.appended().leafHash().hex());
      hash.put("base64", s.appended().leafHash().base64());
      o.put("duplicate", s.appended().duplicate());
      o.put("entry", "/v1/ledger/entries/" + s.appended().index());
    }
    if (!storedElements.isEmpty()) {
      ArrayNode md = n.putArray("masterData");
      for (StoredElement s : storedElements) {
        ObjectNode o = md.addObject();
        o.put("pointer", s.pointer());
        o.put("type", s.vocabularyType());
        o.put("id", s.elementId());
        o.put("ledgerIndex", s.appended().index());
        o.put("duplicate", s.appended().duplicate());
        o.put("entry", "/v1/ledger/entries/" + s.appended().index());
      }
    }
    return n;
  }

  @Override
  public synchronized String toString() {
    return "CaptureJob[" + id + ", " + behaviour.headerValue() + ", " + eventCount + " events, "
        + (running ? "running" : "finished") + ", " + errors.size() + " errors, " + stored.size() + " stored]";
  }
}
