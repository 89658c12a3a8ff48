package org.baytrace.tracking.node.epcis.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.baytrace.tracking.domain.epcis.query.ProjectedEvent;

/**
 * One subscription to an organisation's named query: what it asked for (destination or socket,
 * {@code stream} or {@code schedule}, {@code reportIfEmpty}, {@code initialRecordTime}) and
 * where its delivery stands: {@code cursor}, the ledger index of the first entry not yet
 * delivered or passed over, and a log of its last {@value #LOG_SIZE} deliveries.
 *
 * <p>Not thread-safe: {@link Subscriptions} guards every instance with its own lock.
 */
final class Subscription {
  static final int LOG_SIZE = 20;

  final String id;
  final String org;
  final String queryName;
  final URI dest; // null for a WebSocket subscription
  final String signatureToken; // null: deliveries unsigned
  final boolean reportIfEmpty;
  final Schedule schedule; // null: stream
  final Instant initialRecordTime; // null: from the moment of subscribing
  final Instant createdAt;
  final Sink sink; // null for a webhook

  long cursor;
  Instant lastNotifiedAt;
  long delivered;
  long failed;
  final Deque<ObjectNode> log = new ArrayDeque<>();

  // Scheduling state, never persisted.
  boolean busy;
  boolean closed;
  Instant nextRun;
  long runUntil = -1; // a scheduled run delivers up to here
  boolean runSentSomething;

  /** Where a WebSocket subscription's documents go. */
  interface Sink {
    /** Sends one query document; completes exceptionally if it could not be sent. */
    java.util.concurrent.CompletableFuture<Void> send(String document);

    void close(int code, String reason);
  }

  Subscription(String id, String org, String queryName, URI dest, String signatureToken, boolean reportIfEmpty,
      Schedule schedule, Instant initialRecordTime, Instant createdAt, Sink sink) {
    this.id = id;
    this.org = org;
    this.queryName = queryName;
    this.dest = dest;
    this.signatureToken = signatureToken;
    this.reportIfEmpty = reportIfEmpty;
    this.schedule = schedule;
    this.initialRecordTime = initialRecordTime;
    this.createdAt = createdAt;
    this.sink = sink;
  }

  boolean stream() {
    return schedule == null;
  }

  void record(ObjectNode entry) {
    log.addFirst(entry);
    while (log.size() > LOG_SIZE) {
      log.removeLast();
    }
  }

  /** The subscription as its owner sees it: never the signature token, only whether there is one. */
  ObjectNode view() {
    ObjectNode n = ProjectedEvent.JSON.createObjectNode();
    n.put("subscriptionID", id);
    n.put("queryName", queryName);
    if (dest != null) {
      n.put("dest", dest.toString());
    }
    n.put("signed", signatureToken != null);
    n.put("reportIfEmpty", reportIfEmpty);
    if (schedule == null) {
      n.put("stream", true);
    } else {
      n.set("schedule", schedule.definition().deepCopy());
    }
    if (initialRecordTime != null) {
      n.put("initialRecordTime", initialRecordTime.toString());
    }
    n.put("createdAt", createdAt.toString());
    if (lastNotifiedAt != null) {
      n.put("lastNotifiedAt", lastNotifiedAt.toString());
    }
    return n;
  }

  /** {@link #view()} with the delivery state and log. */
  ObjectNode detail() {
    ObjectNode n = view();
    n.put("deliveredCount", delivered);
    n.put("failedCount", failed);
    n.put("nextLedgerIndex", cursor);
    ArrayNode entries = n.putArray("deliveries");
    log.forEach(e -> entries.add(e.deepCopy()));
    return n;
  }

  /** The stored form (with the token: deliveries need it after a restart). */
  ObjectNode stored() {
    ObjectNode n = detail();
    n.put("org", org);
    if (signatureToken != null) {
      n.put("signatureToken", signatureToken);
    }
    return n;
  }

  static Subscription fromStored(JsonNode n) {
    JsonNode schedule = n.get("schedule");
    Subscription s = new Subscription(n.path("subscriptionID").asText(), n.path("org").asText(),
        n.path("queryName").asText(), URI.create(n.path("dest").asText()),
        n.hasNonNull("signatureToken") ? n.get("signatureToken").asText() : null, n.path("reportIfEmpty").asBoolean(),
        schedule == null ? null : Schedule.parse(schedule),
        n.hasNonNull("initialRecordTime") ? Instant.parse(n.get("initialRecordTime").asText()) : null,
        Instant.parse(n.path("createdAt").asText()), null);
    s.cursor = n.path("nextLedgerIndex").asLong();
    s.delivered = n.path("deliveredCount").asLong();
    s.failed = n.path("failedCount").asLong();
    if (n.hasNonNull("lastNotifiedAt")) {
      s.lastNotifiedAt = Instant.parse(n.get("lastNotifiedAt").asText());
    }
    for (JsonNode e : n.path("deliveries")) {
      if (e instanceof ObjectNode o) {
        s.log.addLast(o);
      }
    }
    return s;
  }
}
