package org.baytrace.tracking.node.epcis.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.baytrace.config.SubscriptionSettings;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.epcis.query.ProjectedEvent;
import org.baytrace.tracking.domain.epcis.query.QueryEngine;
import org.baytrace.tracking.domain.epcis.query.QueryParameterException;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;

/**
 * EPCIS query subscriptions: each runs one of its organisation's named queries and delivers the
 * events newly stored in the ledger that match it, as EPCISQueryDocuments with {@code
 * subscriptionID} and {@code queryName}, either as each new event is projected ({@code stream})
 * or when a {@link Schedule} fires (with an empty document too if {@code reportIfEmpty}).
 * Webhooks are POSTed to their {@code dest} ({@link Destinations} decides which may be used) and
 * signed with HMAC-SHA256 under the subscriber's {@code signatureToken} (header {@value
 * #SIGNATURE_HEADER}, base64); WebSocket subscriptions send on their socket.
 *
 * <p>Delivery: each subscription has at most one document in flight (so documents arrive in
 * ledger order), of at most {@value #MAX_EVENTS_PER_DOCUMENT} events; at most {@value
 * #MAX_IN_FLIGHT} deliveries run at once (a document waiting for its retry holds no slot), the
 * others wait their turn with nothing held in memory.
 * A webhook answered with anything but 2xx, or not reached, is retried after 1, 2, 4, … s, up to
 * {@value #MAX_ATTEMPTS} attempts; then the document's events are passed over and the log says
 * which ledger entries were not delivered. The last {@value Subscription#LOG_SIZE} deliveries of
 * each subscription are its log, shown to its owner.
 *
 * <p>Webhook subscriptions, their position (the next ledger index to deliver) and log are kept in
 * one JSON file in the node's data directory (owner-only: it holds the signature tokens), written
 * to a temporary file, synced and renamed; a subscription is acknowledged only once written, and
 * after a restart it continues from the last position written, so an event may be delivered
 * twice but never skipped. They are node-local, not ledger records: they are one organisation's
 * delivery settings on this node, not shared facts every member must agree on.
 *
 * <p>Thread-safe: state is guarded by this instance; matching and scheduling run on one thread of
 * its own, deliveries on the HTTP client's.
 */
public final class Subscriptions implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Subscriptions.class.getName());
  static final String SIGNATURE_HEADER = "GS1-Signature";
  static final int MAX_PER_ORG = 50;
  static final int MAX_SOCKETS_PER_ORG = 8;
  static final int MAX_EVENTS_PER_DOCUMENT = 100;
  static final int SCAN_BUDGET = 10_000;
  static final int MAX_IN_FLIGHT = 16;
  static final int MAX_ATTEMPTS = 7;
  static final int MAX_TOKEN_CHARS = 512;
  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration SAVE_EVERY = Duration.ofSeconds(5);

  private final EpcisQueries queries;
  private final Destinations destinations;
  private final Path file;
  private final Clock clock;
  private final Duration firstRetry;
  private final Map<String, Subscription> byId = new LinkedHashMap<>();
  private final ScheduledExecutorService worker;
  private final ExecutorService httpThreads;
  private final HttpClient http;
  private final LongConsumer onApplied = size -> wake();
  private int inFlight;
  private boolean dirty;
  private Instant lastSave = Instant.EPOCH;
  private boolean closed;

  /**
   * Loads the subscriptions in {@code file} (if it exists) and starts delivering.
   *
   * @throws IllegalStateException if the file does not parse
   */
  public Subscriptions(EpcisQueries queries, SubscriptionSettings settings, Path file) {
    this(queries, new Destinations(settings), file, Clock.systemUTC(), Duration.ofSeconds(1));
  }

  Subscriptions(EpcisQueries queries, Destinations destinations, Path file, Clock clock, Duration firstRetry) {
    this.queries = queries;
    this.destinations = destinations;
    this.file = file;
    this.clock = clock;
    this.firstRetry = firstRetry;
    load();
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "baytrace-subscriptions");
      t.setDaemon(true);
      return t;
    });
    this.httpThreads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "baytrace-webhooks");
      t.setDaemon(true);
      return t;
    });
    // Redirects are not followed: a redirect could lead a webhook past the destination checks.
    this.http = HttpClient.newBuilder().executor(httpThreads).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    queries.onApplied(onApplied);
    worker.scheduleWithFixedDelay(this::tickSafely, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  // ---- the owner's operations ----

  /**
   * Creates a webhook subscription of {@code org} to its named query {@code queryName}.
   *
   * @throws SubscriptionException 400 for a malformed body, 403 for a destination the org may not
   *     use, 404 if the org has no such query, 409-like 400 past {@value #MAX_PER_ORG}
   */
  public ObjectNode create(String org, String queryName, JsonNode body) {
    Map<String, List<String>> parameters = namedQuery(org, queryName);
    if (body == null || !body.isObject()) {
      throw SubscriptionException.invalid("body", "body: want a JSON object such as {\"dest\": \"https://…\", "
          + "\"stream\": true}");
    }
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (!List.of("dest", "signatureToken", "reportIfEmpty", "stream", "schedule", "initialRecordTime")
          .contains(e.getKey())) {
        throw SubscriptionException.invalid(e.getKey(), e.getKey() + ": not a member of a subscription; want dest, "
            + "signatureToken, reportIfEmpty, stream, schedule or initialRecordTime");
      }
    }
    String token = token(body.get("signatureToken"));
    boolean reportIfEmpty = bool(body, "reportIfEmpty");
    Schedule schedule = when(body);
    Instant initialRecordTime = initialRecordTime(body.get("initialRecordTime"));
    JsonNode destNode = body.get("dest");
    if (destNode == null || !destNode.isTextual()) {
      throw SubscriptionException.invalid("dest", "dest: want the URL to POST query results to, e.g. "
          + "\"https://hooks.example.com/epcis/callback\"");
    }
    URI dest;
    try {
      dest = destinations.check(org, destNode.asText());
    } catch (Destinations.Refused r) {
      throw r.status == 403 ? SubscriptionException.forbidden("dest", r.getMessage())
          : SubscriptionException.invalid("dest", r.getMessage());
    }
    Subscription s = new Subscription(UUID.randomUUID().toString(), org, queryName, dest, token, reportIfEmpty,
        schedule, initialRecordTime, now(), null);
    checkRuns(s, parameters);
    synchronized (this) {
      checkOpen();
      long own = byId.values().stream().filter(x -> x.org.equals(org) && x.sink == null).count();
      if (own >= MAX_PER_ORG) {
        throw SubscriptionException.invalid("queryName", "subscriptions: your organisation has " + own
            + " webhook subscriptions, want at most " + MAX_PER_ORG + "; delete one first");
      }
      start(s);
      byId.put(s.id, s);
      try {
        save();
      } catch (RuntimeException e) {
        byId.remove(s.id);
        throw e;
      }
      return s.view();
    }
    // The worker picks it up at its next tick.
  }

  /** {@code org}'s subscriptions to {@code queryName}. */
  public List<ObjectNode> list(String org, String queryName) {
    namedQuery(org, queryName);
    List<ObjectNode> out = new ArrayList<>();
    synchronized (this) {
      byId.values().stream().filter(s -> s.org.equals(org) && s.queryName.equals(queryName) && s.sink == null)
          .forEach(s -> out.add(s.view()));
    }
    return out;
  }

  /** One of {@code org}'s subscriptions with its delivery log; empty if it has none of that id. */
  public synchronized Optional<ObjectNode> get(String org, String queryName, String id) {
    return own(org, queryName, id).map(Subscription::detail);
  }

  /** Ends one of {@code org}'s subscriptions; false if it has none of that id. */
  public boolean delete(String org, String queryName, String id) {
    synchronized (this) {
      Optional<Subscription> s = own(org, queryName, id);
      if (s.isEmpty()) {
        return false;
      }
      byId.remove(id);
      try {
        save();
      } catch (RuntimeException e) {
        byId.put(id, s.get());
        throw e;
      }
      s.get().closed = true;
      return true;
    }
  }

  /**
   * Opens a WebSocket subscription of {@code org} to its query {@code queryName} with the
   * upgrade request's query parameters ({@code stream=true}, or schedule fields, and {@code
   * reportIfEmpty}, {@code initialRecordTime}).
   *
   * @throws SubscriptionException as {@link #create}, or 429-like 400 past {@value #MAX_SOCKETS_PER_ORG} sockets
   */
  Subscription openSocket(String org, String queryName, Map<String, String> parameters, Subscription.Sink sink) {
    Map<String, List<String>> named = namedQuery(org, queryName);
    ObjectNode body = ProjectedEvent.JSON.createObjectNode();
    ObjectNode schedule = ProjectedEvent.JSON.createObjectNode();
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      switch (p.getKey()) {
        case "stream", "reportIfEmpty" -> {
          if (!p.getValue().equals("true") && !p.getValue().equals("false")) {
            throw SubscriptionException.invalid(p.getKey(), p.getKey() + ": got " + Quoted.of(p.getValue())
                + ", want true or false");
          }
          body.put(p.getKey(), Boolean.parseBoolean(p.getValue()));
        }
        case "initialRecordTime" -> body.put(p.getKey(), p.getValue());
        case "second", "minute", "hour", "dayOfMonth", "month", "dayOfWeek" -> schedule.put(p.getKey(), p.getValue());
        default -> throw SubscriptionException.invalid(p.getKey(), p.getKey() + ": not a subscription parameter; want "
            + "stream, reportIfEmpty, initialRecordTime or schedule fields (second, minute, hour, dayOfMonth, month, "
            + "dayOfWeek)");
      }
    }
    if (!schedule.isEmpty()) {
      body.set("schedule", schedule);
    }
    Subscription s = new Subscription(UUID.randomUUID().toString(), org, queryName, null, null,
        bool(body, "reportIfEmpty"), when(body), initialRecordTime(body.get("initialRecordTime")), now(), sink);
    checkRuns(s, named);
    synchronized (this) {
      checkOpen();
      long open = byId.values().stream().filter(x -> x.org.equals(org) && x.sink != null).count();
      if (open >= MAX_SOCKETS_PER_ORG) {
        throw SubscriptionException.invalid("queryName", "WebSocket subscriptions: your organisation has " + open
            + " open, want at most " + MAX_SOCKETS_PER_ORG + "; close one first");
      }
      start(s);
      byId.put(s.id, s);
    }
    wake();
    return s;
  }

  /** Ends a WebSocket subscription (its socket closed). */
  synchronized void closeSocket(Subscription s) {
    s.closed = true;
    byId.remove(s.id, s);
  }

  private Optional<Subscription> own(String org, String queryName, String id) {
    Subscription s = byId.get(id);
    return s != null && s.org.equals(org) && s.queryName.equals(queryName) && s.sink == null
        ? Optional.of(s) : Optional.empty();
  }

  private Map<String, List<String>> namedQuery(String org, String queryName) {
    return queries.namedQuery(org, queryName).orElseThrow(() -> SubscriptionException.notFound("queryName",
        "queryName: got " + Quoted.of(queryName) + ", want the name of one of your named queries (GET /queries lists them)"));
  }

  private static String token(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > MAX_TOKEN_CHARS) {
      throw SubscriptionException.invalid("signatureToken", "signatureToken: want a string of 1 to " + MAX_TOKEN_CHARS
          + " characters, the key the deliveries' GS1-Signature (HMAC-SHA256) is made with");
    }
    return n.asText();
  }

  private static boolean bool(JsonNode body, String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw SubscriptionException.invalid(name, name + ": got " + n + ", want true or false");
    }
    return n.asBoolean();
  }

  /** The schedule, or null for {@code stream: true}; exactly one of them. */
  private static Schedule when(JsonNode body) {
    boolean stream = bool(body, "stream");
    JsonNode schedule = body.get("schedule");
    if (stream == (schedule != null && !schedule.isNull())) {
      throw SubscriptionException.invalid(stream ? "schedule" : "stream", "stream, schedule: want either \"stream\": "
          + "true (each new matching event) or a \"schedule\" such as {\"hour\": \"1\", \"minute\": \"5\"}, not "
          + (stream ? "both" : "neither"));
    }
    if (stream) {
      return null;
    }
    try {
      return Schedule.parse(schedule);
    } catch (IllegalArgumentException e) {
      throw SubscriptionException.invalid("schedule", e.getMessage());
    }
  }

  private static Instant initialRecordTime(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(n.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw SubscriptionException.invalid("initialRecordTime", "initialRecordTime: got " + Quoted.of(n.asText())
          + ", want an RFC 3339 time with an offset, e.g. \"2026-12-01T00:00:00Z\"");
    }
  }

  /** The subscription's query runs: its parameters parse, with the initial record time added. */
  private static void checkRuns(Subscription s, Map<String, List<String>> named) {
    try {
      org.baytrace.tracking.domain.epcis.query.EventQuery.parse(parameters(s, named));
    } catch (QueryParameterException e) {
      throw SubscriptionException.invalid(e.parameter(), e.getMessage());
    }
  }

  private static Map<String, List<String>> parameters(Subscription s, Map<String, List<String>> named) {
    Map<String, List<String>> p = new LinkedHashMap<>(named);
    p.remove("perPage");
    p.remove("nextPageToken");
    if (s.initialRecordTime != null && !p.containsKey("GE_recordTime")) {
      p.put("GE_recordTime", List.of(s.initialRecordTime.toString()));
    }
    return p;
  }

  /** Where a new subscription starts: the projection's present, or the beginning with an initial record time. */
  private void start(Subscription s) {
    s.cursor = s.initialRecordTime != null ? 0 : queries.appliedSize();
    if (s.schedule != null) {
      s.nextRun = s.schedule.next(now()).orElse(null);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw SubscriptionException.unavailable("subscriptions: the node is shutting down");
    }
  }

  // ---- the worker ----

  private void wake() {
    try {
      worker.execute(this::tickSafely);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "EPCIS subscriptions: a delivery round failed; retrying at the next", e);
    }
  }

  private void tick() {
    long applied = queries.appliedSize();
    Instant now = now();
    List<Subscription> ready = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      for (Subscription s : byId.values()) {
        if (s.busy || s.closed) {
          continue;
        }
        if (s.schedule != null && s.runUntil < 0 && s.nextRun != null && !now.isBefore(s.nextRun)) {
          s.runUntil = applied;
          s.runSentSomething = false;
          s.nextRun = s.schedule.next(now).orElse(null);
        }
        long until = s.stream() ? applied : s.runUntil;
        if (s.stream() ? s.cursor < until : s.runUntil >= 0) {
          ready.add(s);
        }
      }
    }
    for (Subscription s : ready) {
      step(s);
    }
    synchronized (this) {
      if (dirty && Duration.between(lastSave, now).compareTo(SAVE_EVERY) >= 0) {
        trySave();
      }
    }
  }

  /** Finds the subscription's next events and sends them, or moves past entries that do not match. */
  private void step(Subscription s) {
    Map<String, List<String>> named = queries.namedQuery(s.org, s.queryName).orElse(null);
    long from;
    long until;
    synchronized (this) {
      if (s.busy || s.closed || inFlight >= MAX_IN_FLIGHT) {
        return;
      }
      from = s.cursor;
      until = s.stream() ? queries.appliedSize() : s.runUntil;
      if (named == null) {
        if (s.log.isEmpty() || !s.log.peekFirst().path("outcome").asText().equals("query-missing")) {
          s.record(entry("query-missing", 0, 0, "the named query " + Quoted.of(s.queryName)
              + " no longer exists; nothing is delivered until it is created again"));
          dirty = true;
        }
        s.runUntil = -1;
        return;
      }
    }
    QueryEngine.Appended found = queries.appended(parameters(s, named), from, until, MAX_EVENTS_PER_DOCUMENT, SCAN_BUDGET);
    synchronized (this) {
      if (s.closed) {
        return;
      }
      boolean runEnds = !s.stream() && found.next() >= until;
      if (found.events().isEmpty()) {
        if (found.next() != s.cursor) {
          s.cursor = found.next();
          dirty = true;
        }
        if (runEnds) {
          boolean report = s.reportIfEmpty && !s.runSentSomething;
          s.runUntil = -1;
          if (!report) {
            return;
          }
        } else {
          if (found.next() < until) {
            wake(); // more to scan
          }
          return;
        }
      }
      s.busy = true;
      inFlight++;
    }
    String document;
    try {
      document = queries.subscriptionDocument(found.events(), s.queryName, s.id).toString();
    } catch (RuntimeException e) {
      synchronized (this) {
        s.busy = false;
        inFlight--;
      }
      throw e;
    }
    deliver(s, document, found.events().size(), from, found.next(), 1);
  }

  private void deliver(Subscription s, String document, int events, long from, long next, int attempt) {
    CompletableFuture<Integer> sent;
    try {
      sent = s.sink != null ? s.sink.send(document).thenApply(v -> 0) : post(s, document);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((status, failure) -> {
      String problem = failure != null ? describe(failure) : status >= 200 && status < 300 || s.sink != null ? null
          : "the destination answered HTTP " + status;
      Integer code = failure == null && s.sink == null ? status : null;
      boolean retry;
      synchronized (this) {
        if (problem == null) {
          s.cursor = Math.max(s.cursor, next);
          s.lastNotifiedAt = now();
          s.delivered++;
          s.runSentSomething = true;
          s.record(withStatus(entry("delivered", events, attempt, null), code));
          retry = false;
        } else {
          s.failed++;
          retry = s.sink == null && attempt < MAX_ATTEMPTS && !s.closed && !closed;
          if (!retry) {
            s.cursor = Math.max(s.cursor, next);
            s.record(withStatus(entry("abandoned", events, attempt, problem + "; gave up after " + attempt
                + " attempts: ledger entries " + from + " to " + (next - 1) + " were not delivered"), code));
          } else {
            s.record(withStatus(entry("failed", events, attempt, problem + "; retrying"), code));
          }
        }
        inFlight--; // a delivery waiting for its retry holds no slot: dead receivers do not hold up the others
        if (!retry) {
          s.busy = false;
          if (!s.stream() && s.cursor >= s.runUntil) {
            s.runUntil = -1;
          }
        }
        dirty = s.sink == null || dirty;
        if (s.sink == null && !retry) {
          trySave();
        }
      }
      if (problem != null && s.sink != null) {
        closeSocket(s);
        s.sink.close(1011, "delivery failed: " + problem);
        return;
      }
      if (retry) {
        long delay = firstRetry.toMillis() << Math.min(attempt - 1, 10);
        try {
          worker.schedule(() -> {
            synchronized (this) {
              inFlight++;
            }
            deliver(s, document, events, from, next, attempt + 1);
          }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          synchronized (this) {
            s.busy = false;
          }
        }
      } else {
        wake();
      }
    });
  }

  /**
   * POSTs a document to a webhook, after checking its destination again: the org's allow-list may
   * have changed since (a restart with another config) and the host may resolve elsewhere now.
   */
  private CompletableFuture<Integer> post(Subscription s, String document) {
    try {
      destinations.check(s.org, s.dest.toString());
    } catch (Destinations.Refused r) {
      return CompletableFuture.failedFuture(new IllegalStateException(r.getMessage()));
    }
    byte[] body = document.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(s.dest).timeout(DELIVERY_TIMEOUT)
        .header("Content-Type", "application/ld+json")
        .header("GS1-EPCIS-Version", "2.0.0")
        .header("GS1-CBV-Version", "2.0.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (s.signatureToken != null) {
      request.header(SIGNATURE_HEADER, signature(s.signatureToken, body));
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
  }

  /** base64(HMAC-SHA256(key = the token's UTF-8 bytes, message = the body as sent)). */
  static String signature(String token, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String describe(Throwable t) {
    Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    return (c instanceof java.net.http.HttpTimeoutException ? "no answer within " + DELIVERY_TIMEOUT.toSeconds() + " s"
        : c instanceof java.net.ConnectException ? "cannot connect" : c.getClass().getSimpleName())
        + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  private ObjectNode entry(String outcome, int events, int attempt, String detail) {
    ObjectNode e = ProjectedEvent.JSON.createObjectNode();
    e.put("at", now().toString());
    e.put("outcome", outcome);
    e.put("events", events);
    if (attempt > 0) {
      e.put("attempt", attempt);
    }
    if (detail != null) {
      e.put("detail", detail);
    }
    return e;
  }

  private static ObjectNode withStatus(ObjectNode e, Integer status) {
    if (status != null) {
      e.put("httpStatus", status);
    }
    return e;
  }

  private Instant now() {
    return clock.instant();
  }

  // ---- persistence ----

  private void load() {
    if (!Files.exists(file)) {
      return;
    }
    try {
      JsonNode all = ProjectedEvent.JSON.readTree(file.toFile());
      for (JsonNode n : all.path("subscriptions")) {
        Subscription s = Subscription.fromStored(n);
        if (s.schedule != null) {
          s.nextRun = s.schedule.next(now()).orElse(null);
        }
        byId.put(s.id, s);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("EPCIS subscriptions: " + file + " does not parse: " + e.getMessage(), e);
    }
  }

  private void trySave() {
    try {
      save();
    } catch (UncheckedIOException e) {
      LOG.warning(() -> "EPCIS subscriptions: " + e.getMessage() + "; retrying");
    }
  }

  /** Writes every webhook subscription; the caller holds this instance's lock. */
  private void save() {
    ObjectNode all = ProjectedEvent.JSON.createObjectNode();
    ArrayNode list = all.putArray("subscriptions");
    byId.values().stream().filter(s -> s.sink == null).forEach(s -> list.add(s.stored()));
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      }
      Files.write(tmp, ProjectedEvent.JSON.writeValueAsBytes(all));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      dirty = false;
      lastSave = now();
    } catch (IOException e) {
      throw new UncheckedIOException("EPCIS subscriptions: cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Stops delivering (deliveries in flight are dropped and redone after a restart), closes sockets, writes positions. */
  @Override
  public void close() {
    List<Subscription> sockets = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queries.removeAppliedListener(onApplied);
      byId.values().stream().filter(s -> s.sink != null).forEach(sockets::add);
      trySave();
    }
    worker.shutdownNow();
    httpThreads.shutdownNow();
    sockets.forEach(s -> s.sink.close(1001, "the node is shutting down"));
  }
}
