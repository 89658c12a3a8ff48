package org.baytrace.tracking.node.epcis.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.record.SignedHere;
import org.baytrace.ledger.sequencer.Appender;
import org.baytrace.tracking.domain.epcis.hash.HashIdMismatch;
import org.baytrace.tracking.domain.epcis.masterdata.MasterDataRecords;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.domain.epcis.record.UniqueEventIdRule;
import org.baytrace.tracking.node.http.MemoryBudget;
import org.glassfish.hk2.utilities.binding.AbstractBinder;

/**
 * EPCIS 2.0 capture: the entry point that a node wires into its HTTP server. Each captured event
 * becomes one ledger record ({@link EpcisRecords#toBody}: an event without {@code eventID} gets
 * its CBV 2.0 event hash id, and the id is the record's nonce), signed by this node as the
 * capturing organisation with that organisation's key, and appended through the node's
 * {@link Appender}, so it is checked like any other record (origin, size, author policy), except
 * that the signature it was just given here is not verified a second time
 * ({@link Appender#submitAllSignedHere}).
 * The same event captured again is the same record, which the ledger stores once (the answer
 * names the first copy's index and says {@code duplicate}). Corrections are ordinary new events
 * (with an {@code errorDeclaration} and {@code correctiveEventIDs}); nothing is ever edited.
 *
 * <p>HTTP (the EPCIS REST binding; see {@link CaptureResource} and {@link EventCaptureResource}):
 * {@code POST /capture} (202 and a capture job at {@code /capture/{captureID}}),
 * {@code GET /capture}, {@code GET /capture/{captureID}}, {@code OPTIONS /capture},
 * {@code POST /events} (one event, synchronous). Wiring:
 * <pre>{@code
 * EpcisCapture capture = new EpcisCapture(ledger, sequencer, EpcisSchema.gs1(), org, orgKey, clock);
 * LedgerHttpServer http = LedgerHttpServer.start(ledger, address, capture.httpComponents());
 * ...
 * http.close(); capture.close(); sequencer.close(); ledger.close();
 * }</pre>
 *
 * <p>A document is read and checked on the request thread (JSON, document type, event count,
 * schema: any problem is a 4xx answer and nothing is queued); its events are then turned into
 * records and appended by one capture worker thread, in the order documents arrived, so a
 * client's documents are chained in the order it sent them. With
 * {@code GS1-Capture-Error-Behaviour: rollback} (the default) every event is checked first and
 * the records go to {@link Appender#submitAll} as one group, appended in one batch or not at
 * all; with {@code proceed} each acceptable event is submitted on its own and the refused ones
 * are listed. The document's master data ({@code epcisHeader.epcisMasterData}: one record per
 * vocabulary element, {@link MasterDataRecords}) goes the same way, before its events and in the
 * same group, judged by the same author policy (only the owner of an element's GS1 company
 * prefix, or an org signing for it, may describe it). Capture jobs are kept in memory only ({@link CaptureLimits#maxJobs()} of them): a
 * restarted node no longer knows its earlier jobs, though their events are in the ledger.
 *
 * <p>Thread-safe. {@link #close()} stops taking documents and waits for queued ones to be
 * handed to the sequencer; close it before the sequencer.
 */
public final class EpcisCapture implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EpcisCapture.class.getName());

  private final Ledger ledger;
  private final Appender sequencer;
  private final EpcisSchema schema;
  private final String captureOrg;
  private final SigningKey captureKey;
  private final Clock clock;
  private final CaptureLimits limits;
  private final boolean refuseHashIdMismatch;
  private volatile ToLongFunction<String> heldEventIds = id -> -1;
  private final CaptureJobs jobs;
  private final ThreadPoolExecutor worker;
  /**
   * Places in the queue: taken before a document is read as JSON, so that a full queue refuses a
   * document (429) before the node spends the parse and the schema check on it, and given back
   * when the worker starts on it (or the document is refused).
   */
  private final java.util.concurrent.Semaphore queuePlaces;
  private final MemoryBudget memory;
  private volatile boolean closed;

  /**
   * What a document holds while it is captured, per byte of its body: the bytes, the JSON tree
   * (several objects per value), and each event's content, body and signed record until the
   * sequencer has appended them. An estimate on the safe side; CaptureMemoryTest measures it.
   */
  static final int HELD_BYTES_PER_BODY_BYTE = 8;

  private static MemoryBudget defaultMemory() {
    return new MemoryBudget(org.baytrace.config.HttpLimits.DEFAULT.maxRequestMemoryBytes());
  }

  /** Capture with {@link CaptureLimits#DEFAULT}. */
  public EpcisCapture(Ledger ledger, Appender sequencer, EpcisSchema schema, String captureOrg, SigningKey captureKey,
      Clock clock) {
    this(ledger, sequencer, schema, captureOrg, captureKey, clock, CaptureLimits.DEFAULT);
  }

  /**
   * @param captureOrg the organisation this node captures as: every record's {@code author_org}
   * @param captureKey a key registered to {@code captureOrg}; it signs every captured record
   * @param clock stamps capture jobs (record times come from the ledger's own clock)
   */
  public EpcisCapture(Ledger ledger, Appender sequencer, EpcisSchema schema, String captureOrg, SigningKey captureKey,
      Clock clock, CaptureLimits limits) {
    this(ledger, sequencer, schema, captureOrg, captureKey, clock, limits, false, defaultMemory());
  }

  /** Capture with its own allowance of {@link org.baytrace.config.HttpLimits#DEFAULT}'s size. */
  public EpcisCapture(Ledger ledger, Appender sequencer, EpcisSchema schema, String captureOrg, SigningKey captureKey,
      Clock clock, CaptureLimits limits, boolean refuseHashIdMismatch) {
    this(ledger, sequencer, schema, captureOrg, captureKey, clock, limits, refuseHashIdMismatch, defaultMemory());
  }

  /** Capture that stores hash-id mismatches (flagged in queries). */
  public EpcisCapture(Ledger ledger, Appender sequencer, EpcisSchema schema, String captureOrg, SigningKey captureKey,
      Clock clock, CaptureLimits limits, MemoryBudget memory) {
    this(ledger, sequencer, schema, captureOrg, captureKey, clock, limits, false, memory);
  }

  /**
   * @param refuseHashIdMismatch refuse (400) an event whose {@code ni:///sha-256} eventID is not
   *     the CBV 2.0 hash id of its content, instead of storing it (queries then flag it)
   * @param memory the node's allowance for client data (shared with the HTTP server's request
   *     bodies); a document is refused with 503 when what it would hold does not fit
   */
  public EpcisCapture(Ledger ledger, Appender sequencer, EpcisSchema schema, String captureOrg, SigningKey captureKey,
      Clock clock, CaptureLimits limits, boolean refuseHashIdMismatch, MemoryBudget memory) {
    this.refuseHashIdMismatch = refuseHashIdMismatch;
    this.memory = Objects.requireNonNull(memory, "memory");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.sequencer = Objects.requireNonNull(sequencer, "sequencer");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.captureOrg = Objects.requireNonNull(captureOrg, "captureOrg");
    this.captureKey = Objects.requireNonNull(captureKey, "captureKey");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
    if (captureOrg.isBlank()) {
      throw new IllegalArgumentException("captureOrg: empty, want the organisation id captured events are recorded as");
    }
    this.jobs = new CaptureJobs(limits.maxJobs());
    this.queuePlaces = new java.util.concurrent.Semaphore(limits.maxQueuedJobs());
    this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(limits.maxQueuedJobs()),
        r -> {
          Thread t = new Thread(r, "baytrace-capture");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * What to pass to {@code LedgerHttpServer.start(ledger, address, components...)}: the capture
   * resources and their problem mapper (as classes), and the binder that lets Jersey inject this
   * instance into them.
   */
  public Object[] httpComponents() {
    EpcisCapture self = this;
    return new Object[] {
      CaptureResource.class,
      EventCaptureResource.class,
      CaptureProblemMapper.class,
      new AbstractBinder() {
        @Override
        protected void configure() {
          bind(self).to(EpcisCapture.class);
        }
      }
    };
  }

  /**
   * Where capture finds the ledger index holding an eventID (-1: none), normally {@link
   * UniqueEventIdRule#heldAt}: an event identified by the hash id of its content (none supplied,
   * or a supplied one that matches) whose id the ledger holds is the same event in another serialisation, answered as a duplicate of the stored one rather than
   * refused. Call before serving.
   */
  public EpcisCapture heldEventIds(ToLongFunction<String> lookup) {
    this.heldEventIds = Objects.requireNonNull(lookup, "lookup");
    return this;
  }

  public CaptureLimits limits() {
    return limits;
  }

  /** The organisation captured events are recorded as. */
  public String captureOrg() {
    return captureOrg;
  }

  public EpcisSchema schema() {
    return schema;
  }

  /**
   * Checks a capture document and queues it as a new job.
   *
   * @throws CaptureProblem 400 or 413 if the document is refused (no job is made), 429 if too
   *     many documents are waiting, 503 once closed
   */
  CaptureJob capture(byte[] body, CaptureErrorBehaviour behaviour, String submitter) {
    checkOpen();
    if (!queuePlaces.tryAcquire()) {
      throw queueFull();
    }
    boolean queued = false;
    try {
      MemoryBudget.Reservation held = reserve(body);
      try {
        CaptureInput.Document document = CaptureInput.document(CaptureInput.parse(body), schema, limits);
        CaptureJob job = jobs.create(submitter, behaviour, clock.instant(), document.events().size());
        try {
          worker.execute(() -> {
            queuePlaces.release();
            run(job, document);
          });
          queued = true;
        } catch (RejectedExecutionException e) {
          jobs.remove(job);
          checkOpen();
          throw queueFull();
        }
        job.done().whenComplete((j, e) -> held.close());
        return job;
      } catch (RuntimeException e) {
        held.close();
        throw e;
      }
    } finally {
      if (!queued) {
        queuePlaces.release();
      }
    }
  }

  private CaptureProblem queueFull() {
    return CaptureProblem.tooManyRequests("capture queue full: " + limits.maxQueuedJobs()
        + " documents are waiting; retry later").header("Retry-After", "1");
  }

  /**
   * Reserves what a body will hold while captured.
   *
   * @throws CaptureProblem 503 with {@code Retry-After} if the node holds as much as it may
   */
  private MemoryBudget.Reservation reserve(byte[] body) {
    long bytes = (long) body.length * HELD_BYTES_PER_BODY_BYTE;
    return memory.tryReserve(bytes).orElseThrow(() -> CaptureProblem.busy("capture: a " + body.length
        + "-byte document would hold about " + bytes + " bytes while captured, and the node already holds "
        + memory.reservedBytes() + " of the " + memory.limitBytes() + " it may (limits.max_request_memory_bytes);"
        + " retry later").header("Retry-After", "5"));
  }

  /** Capture jobs not yet finished. */
  public int runningJobs() {
    return jobs.running();
  }

  /** Capture jobs accepted since the node started. */
  public long jobsCreated() {
    return jobs.created();
  }

  /** The job with this id, if {@code org} submitted it. */
  Optional<CaptureJob> job(String id, String org) {
    return jobs.get(id, org);
  }

  /** The jobs of {@code org}, newest first, below the sequence number {@code beforeSeq}; see {@link CaptureJobs#page}. */
  List<CaptureJob> jobs(String org, long beforeSeq, int limit) {
    return jobs.page(org, beforeSeq, limit);
  }

  /** One event captured by {@code POST /events}: its id, where the ledger holds it, and the recorded JSON. */
  record CapturedEvent(String eventId, Appended appended, ObjectNode content) {}

  /**
   * Captures one event (with its own {@code @context}) and waits until it is synced.
   *
   * @throws CaptureProblem 400, 403 or 413 if refused, 503 if not confirmed in time or closed
   */
  CapturedEvent captureEvent(byte[] body, String submitter) {
    checkOpen();
    MemoryBudget.Reservation held = reserve(body);
    try {
      return captureEventHeld(body, submitter);
    } finally {
      held.close();
    }
  }

  private CapturedEvent captureEventHeld(byte[] body, String submitter) {
    ObjectNode event = CaptureInput.event(CaptureInput.parse(body), schema).deepCopy();
    JsonNode context = event.remove("@context");
    Prepared p = prepare(0, event, context, "", submitter);
    Appended held = heldCopy(p);
    if (held != null) {
      try {
        return new CapturedEvent(p.eventId(), held, (ObjectNode) CaptureInput.JSON.readTree(p.content()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("record content written by EpcisRecords does not parse", e);
      }
    }
    CompletableFuture<Appended> appended = sequencer.submitSignedHere(p.signedRecord());
    try {
      Appended a = appended.get(limits.eventTimeoutMillis(), TimeUnit.MILLISECONDS);
      return new CapturedEvent(p.eventId(), a, (ObjectNode) CaptureInput.JSON.readTree(p.content()));
    } catch (ExecutionException e) {
      throw problemOf(e.getCause(), "");
    } catch (TimeoutException e) {
      throw CaptureProblem.unavailable("the append of eventID " + p.eventId() + " was not confirmed within "
          + limits.eventTimeoutMillis() + " ms; it may still be stored, and sending the event again is safe");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CaptureProblem.unavailable("interrupted while waiting for the append; sending the event again is safe");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("record content written by EpcisRecords does not parse", e);
    }
  }

  /** An event turned into a signed record that the ledger's checks accept, and the record's content (JSON). */
  private record Prepared(int eventIndex, String eventId, SignedHere signedRecord, byte[] content, boolean hashAssigned,
      MasterDataRecords.Located element) {
    Prepared(int eventIndex, String eventId, SignedHere signedRecord, byte[] content, boolean hashAssigned) {
      this(eventIndex, eventId, signedRecord, content, hashAssigned, null);
    }

    /** Records what the ledger made of it in the job. */
    void stored(CaptureJob job, Appended a) {
      if (element == null) {
        job.addStored(new CaptureJob.Stored(eventIndex, eventId, a));
      } else {
        job.addStored(new CaptureJob.StoredElement(element.pointer(), element.vocabularyType(), eventId, a));
      }
    }
  }

  /** The stored copy of an event that had no eventID and whose hash id the ledger holds, or null. */
  private Appended heldCopy(Prepared p) {
    if (!p.hashAssigned()) {
      return null;
    }
    long at = heldEventIds.applyAsLong(p.eventId());
    return at < 0 ? null : new Appended(at, ledger.entry(at).leafHash(), true);
  }

  private void run(CaptureJob job, CaptureInput.Document document) {
    try {
      List<Prepared> ready = new ArrayList<>(document.events().size() + document.masterData().size());
      for (MasterDataRecords.Located element : document.masterData()) {
        try {
          ready.add(prepareElement(element, document, job.org()));
        } catch (CaptureProblem p) {
          job.addError(p.toJson(null));
        }
      }
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < document.events().size(); i++) {
        try {
          Prepared p = prepare(i, document.events().get(i), document.context(), document.pointer(i), job.org());
          boolean declaration = document.events().get(i).has("errorDeclaration");
          Integer first = declaration ? null : ids.putIfAbsent(p.eventId(), i);
          if (first != null) {
            throw located(CaptureProblem.alreadyExists(document.pointer(i) + ": " + UniqueEventIdRule.RULE + ": eventID "
                + p.eventId() + " is also the id of event " + first + " of this document (" + document.pointer(first)
                + "); an eventID names one event"), i, document.pointer(i), p.eventId());
          }
          Appended held = heldCopy(p);
          if (held != null) {
            job.addStored(new CaptureJob.Stored(i, p.eventId(), held));
            continue;
          }
          ready.add(p);
        } catch (CaptureProblem p) {
          job.addError(p.toJson(null));
        }
      }
      if (job.behaviour() == CaptureErrorBehaviour.ROLLBACK) {
        if (!job.success() || ready.isEmpty()) {
          job.finish(clock.instant()); // refused events: all rejected, nothing appended
          return;
        }
        sequencer.submitAllSignedHere(ready.stream().map(Prepared::signedRecord).toList()).whenComplete((appended, error) -> {
          if (error != null) {
            CaptureProblem problem = problemOf(error, "").with("note", "nothing of this capture was stored");
            locateInGroup(problem, ready, document);
            job.addError(problem.toJson(null));
          } else {
            for (int i = 0; i < ready.size(); i++) {
              ready.get(i).stored(job, appended.get(i));
            }
          }
          job.finish(clock.instant());
        });
      } else {
        List<CompletableFuture<?>> appends = new ArrayList<>(ready.size());
        for (Prepared p : ready) {
          String pointer = p.element() != null ? p.element().pointer() : document.pointer(p.eventIndex());
          appends.add(sequencer.submitSignedHere(p.signedRecord()).whenComplete((a, error) -> {
            if (error != null) {
              CaptureProblem problem = problemOf(error, pointer + ": ").with("pointer", pointer);
              if (p.element() == null) {
                problem.with("eventIndex", p.eventIndex()).with("eventID", p.eventId());
              } else {
                problem.with("vocabularyElementID", p.eventId());
              }
              job.addError(problem.toJson(null));
            } else {
              p.stored(job, a);
            }
          }));
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
            .whenComplete((v, e) -> job.finish(clock.instant()));
      }
    } catch (RuntimeException e) {
      String ref = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "capture job " + job.id() + " failed (reference " + ref + ")", e);
      job.addError(CaptureProblem.internal(ref).toJson(null));
      job.finish(clock.instant());
    }
  }

  /**
   * Builds, signs and checks the record of one event that {@code submitter} sent: signed by the
   * capture org, naming the submitter in {@code submitted_by} when it is another org, so that the
   * author policy judges the submitter.
   *
   * @throws CaptureProblem naming the event (index, pointer, id) if it cannot be recorded
   */
  private Prepared prepare(int index, JsonNode event, JsonNode context, String pointer, String submitter) {
    String at = pointer.isEmpty() ? "" : pointer + ": ";
    if (!event.isObject()) {
      throw located(CaptureProblem.invalidEvent(at + "got a JSON "
          + event.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", want an event object"), index, pointer, null);
    }
    if (refuseHashIdMismatch) {
      HashIdMismatch mismatch = HashIdMismatch.of(event, context);
      if (mismatch != null) {
        throw located(CaptureProblem.invalidEvent(at + "eventID: got " + mismatch.supplied()
            + ", want the CBV 2.0 hash id of the event's content, " + mismatch.computed()
            + " ([capture] hash_id_mismatch = \"refuse\"; omit eventID to have it computed)")
            .with("computedEventID", mismatch.computed()), index, pointer, mismatch.supplied());
      }
    }
    RecordBody body;
    try {
      body = EpcisRecords.toBody(ledger.origin(), captureOrg, event, context);
      if (!submitter.equals(captureOrg)) {
        body = body.toBuilder().setSubmittedBy(submitter).build();
      }
    } catch (IllegalArgumentException e) {
      throw located(CaptureProblem.invalidEvent(at + e.getMessage()), index, pointer, event.path("eventID").asText(null));
    }
    String eventId = body.getNonce().toString(StandardCharsets.UTF_8);
    SignedHere signed;
    try {
      // The ledger's checks but the signature's, which holds by construction (SignedHere: the
      // sequencer does not verify it again): shape and size limits, then the author policy, so
      // that every refused event of a document is listed, not only the first of a group.
      signed = Records.signHere(body.toByteArray(), ledger.config().limits(), captureKey);
      ledger.config().policy().check(signed.record());
    } catch (LedgerException e) {
      throw located(CaptureProblem.fromLedger(e, at), index, pointer, eventId);
    }
    return new Prepared(index, eventId, signed, body.getContent().toByteArray(),
        event.path("eventID").asText("").isEmpty() || HashIdMismatch.matches(event, context));
  }

  /**
   * Builds, signs and checks the record of one master data vocabulary element, as {@link #prepare}
   * does for an event: the same signer, the same {@code submitted_by}, the same policy check
   * (which holds the master data ownership rule).
   *
   * @throws CaptureProblem naming the element (pointer, id) if it cannot be recorded
   */
  private Prepared prepareElement(MasterDataRecords.Located element, CaptureInput.Document document, String submitter) {
    String pointer = element.pointer();
    String id = element.element().path("id").asText("");
    RecordBody body;
    try {
      body = MasterDataRecords.toBody(ledger.origin(), captureOrg, element.vocabularyType(), element.element(),
          document.context(), document.creationDateMillis());
      if (!submitter.equals(captureOrg)) {
        body = body.toBuilder().setSubmittedBy(submitter).build();
      }
    } catch (IllegalArgumentException e) {
      throw CaptureProblem.invalidEvent(pointer + ": " + e.getMessage()).with("pointer", pointer)
          .with("vocabularyElementID", id);
    }
    SignedHere signed;
    try {
      signed = Records.signHere(body.toByteArray(), ledger.config().limits(), captureKey);
      ledger.config().policy().check(signed.record());
    } catch (LedgerException e) {
      throw CaptureProblem.fromLedger(e, pointer + ": ").with("pointer", pointer).with("vocabularyElementID", id);
    }
    return new Prepared(-1, id, signed, body.getContent().toByteArray(), false, element);
  }

  private static final java.util.regex.Pattern GROUP_MEMBER = java.util.regex.Pattern.compile("record (\\d+) of the group: .*",
      java.util.regex.Pattern.DOTALL);

  /**
   * Names the event or vocabulary element a group refusal is about ({@code record i of the group},
   * as the sequencer and the admission check say), so that a refusal by the registry in force
   * points into the document as a refusal found while preparing does.
   */
  private static void locateInGroup(CaptureProblem problem, List<Prepared> ready, CaptureInput.Document document) {
    java.util.regex.Matcher m = GROUP_MEMBER.matcher(String.valueOf(problem.getMessage()));
    if (!m.matches() || m.group(1).length() > 6) {
      return;
    }
    int i = Integer.parseInt(m.group(1));
    if (i >= ready.size()) {
      return;
    }
    Prepared p = ready.get(i);
    if (p.element() != null) {
      problem.with("pointer", p.element().pointer()).with("vocabularyElementID", p.eventId());
    } else {
      problem.with("eventIndex", p.eventIndex()).with("pointer", document.pointer(p.eventIndex()))
          .with("eventID", p.eventId());
    }
  }

  /** Adds where the event is (for events of a document) and its id, when known. */
  private static CaptureProblem located(CaptureProblem p, int index, String pointer, String eventId) {
    if (!pointer.isEmpty()) {
      p.with("eventIndex", index).with("pointer", pointer);
    }
    if (eventId != null) {
      p.with("eventID", eventId);
    }
    return p;
  }

  /** The problem for a failed append (a {@link LedgerException} from the sequencer, or worse). */
  private static CaptureProblem problemOf(Throwable error, String prefix) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof LedgerException le) {
      return CaptureProblem.fromLedger(le, prefix);
    }
    String ref = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "capture append failed (reference " + ref + ")", e);
    return CaptureProblem.internal(ref);
  }

  private void checkOpen() {
    if (closed) {
      throw CaptureProblem.unavailable("node is shutting down; capture on another node or retry later");
    }
  }

  /** Stops taking documents; documents already queued are still handed to the sequencer. */
  @Override
  public void close() {
    closed = true;
    worker.shutdown();
    try {
      if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warning("capture worker still busy after 30 s; stopping it");
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "EpcisCapture[" + captureOrg + " with key " + captureKey.keyId() + ", " + schema.id() + "]";
  }
}
