package org.baytrace.tracking.node.epcis.query;

import io.grpc.BindableService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.baytrace.tracking.domain.epcis.query.ProjectedEvent;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.epcis.query.EventQuery;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;
import org.baytrace.tracking.domain.epcis.query.HistoryEvent;
import org.baytrace.tracking.domain.epcis.query.MasterData;
import org.baytrace.tracking.domain.epcis.query.Projection;
import org.baytrace.tracking.domain.epcis.query.ProjectionDb;
import org.baytrace.tracking.domain.epcis.query.QueryDocuments;
import org.baytrace.tracking.domain.epcis.query.QueryEngine;
import org.baytrace.tracking.domain.epcis.query.QueryPage;
import org.baytrace.tracking.domain.epcis.query.QueryParameterException;
import org.baytrace.tracking.domain.epcis.query.QueryTooLargeException;
import org.baytrace.tracking.domain.epcis.query.TopLevel;
import org.baytrace.tracking.domain.epcis.query.TraceHistory;
import org.glassfish.hk2.utilities.binding.AbstractBinder;

/**
 * EPCIS 2.0 queries and trace histories over a ledger: the entry point a node wires in.
 *
 * <pre>{@code
 * EpcisQueries queries = EpcisQueries.open(ledger, dataDir.resolve("epcis"));
 * LedgerHttpServer http = LedgerHttpServer.start(ledger, listen, queries.httpComponents());
 * Server grpc = NettyServerBuilder.forAddress(addr).addService(queries.grpcService()).build().start();
 * ...
 * grpc.shutdown(); http.close(); queries.close(); ledger.close();
 * }</pre>
 *
 * <p>Serves {@code GET /events} (the EPCIS REST binding's query, with {@code perPage},
 * {@code nextPageToken} and a {@code Link: <...>; rel="next"} header), the gRPC service {@code
 * baytrace.tracking.v1.EpcisQueryService}, and {@link #traceHistory} for pages.
 *
 * <p>Everything is answered from a projection in its own RocksDB under the directory given to
 * {@link #open}: indexes by event time, record time, type, bizStep, disposition, readPoint,
 * bizLocation, EPCs, parent, inputs, outputs, EPC classes, eventID, error declarations and
 * sensor values, fed from the ledger's EPCIS event records ({@link
 * org.baytrace.tracking.domain.epcis.record.EpcisRecords}). <b>The projection is derived data</b>: it can
 * always be rebuilt from the ledger, and is, when its directory is deleted (or when it finds it was
 * built by another format version or from another ledger). Opening catches up from where it left
 * off; after that it follows appends on its own thread, so results may trail an append by a moment
 * ({@link #awaitCaughtUp}); queries wait up to {@value #FRESHNESS_WAIT_MILLIS} ms for the entries
 * the ledger had when they arrived.
 *
 * <p>Thread-safe. Close it before the ledger.
 */
public final class EpcisQueries implements AutoCloseable {
  static final long FRESHNESS_WAIT_MILLIS = 500;
  private static final long FRESHNESS_MAX_LAG = 10_000;

  private final Ledger ledger;
  private final Projection projection;
  private final NamedQueries named;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private EpcisQueries(Ledger ledger, Projection projection, NamedQueries named) {
    this.ledger = ledger;
    this.projection = projection;
    this.named = named;
  }

  /** The named queries, kept beside the projection (not in it: the projection may be rebuilt). */
  NamedQueries namedQueries() {
    return named;
  }

  /**
   * Opens the projection in {@code dir} (creating or rebuilding it as needed) and starts catching
   * up with and following {@code ledger}. The directory must be the projection's own (e.g. {@code
   * <dataDir>/epcis}): a projection found to be stale is deleted with everything in its directory.
   *
   * @throws LedgerException STORE_LOCKED if another node has the directory open, STORE_IO if it
   *     cannot be used otherwise
   */
  public static EpcisQueries open(Ledger ledger, Path dir) {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(dir, "dir");
    Path parent = dir.toAbsolutePath().getParent();
    NamedQueries named = new NamedQueries(parent.resolve(dir.getFileName() + "-named-queries.json"));
    return new EpcisQueries(ledger, Projection.open(ledger, dir), named);
  }

  /**
   * One page of the events matching EPCIS query parameters, named and written as in the REST
   * binding ({@code EQ_bizStep} → {@code ["shipping|receiving"]}).
   *
   * @throws QueryParameterException for an unknown, unsupported or malformed parameter
   * @throws QueryTooLargeException if more events match than {@code maxEventCount}
   */
  public QueryPage query(Map<String, List<String>> parameters) {
    return query(parameters, QueryEngine.CANDIDATE_CAP, QueryEngine.SCAN_BUDGET);
  }

  /** As {@link #query(Map)} with other plan limits (see {@link QueryEngine}); for tests. */
  public QueryPage query(Map<String, List<String>> parameters, int candidateCap, int scanBudget) {
    EventQuery q = EventQuery.parse(parameters);
    return read(r -> {
      QueryEngine.Page page = QueryEngine.run(r, q, candidateCap, scanBudget);
      return new QueryPage(QueryDocuments.document(page.events(), ledger.config().clock().instant()),
          page.nextPageToken());
    });
  }

  /**
   * As {@link #query(Map)}, with one parameter given by a URL path ({@code /bizSteps/{bizStep}/events}):
   * its value is taken whole, and the query string may not repeat it.
   */
  public QueryPage query(Map<String, List<String>> parameters, String pathParameter, String pathValue) {
    EventQuery q = EventQuery.parse(parameters, pathParameter, pathValue);
    return read(r -> {
      QueryEngine.Page page = QueryEngine.run(r, q, QueryEngine.CANDIDATE_CAP, QueryEngine.SCAN_BUDGET);
      return new QueryPage(QueryDocuments.document(page.events(), ledger.config().clock().instant()),
          page.nextPageToken());
    });
  }

  /** Up to {@code limit} values of a top-level resource after {@code after} (null: from the first). */
  public List<String> values(TopLevel resource, String after, int limit) {
    return read(r -> resource.values(r, after, limit));
  }

  /** True if some event holds the value (event types: one of the five of EPCIS 2.0). */
  public boolean holds(TopLevel resource, String value) {
    return read(r -> resource.holds(r, value));
  }

  /**
   * The history of a trace code (EPC URI or Digital Link, any form): its own events, the events of
   * every container it was packed in while it was inside (recursively), and the events about its
   * lot and product; ordered by event time, then ledger index. See {@link HistoryEvent}.
   *
   * @throws QueryParameterException (parameter {@code traceCode}) if it is not a well-formed code
   */
  public List<HistoryEvent> traceHistory(String traceCode) {
    TraceHistory.canonicalCode(traceCode);
    return read(r -> TraceHistory.of(r, traceCode));
  }

  /** The canonical form in which {@link #traceHistory} looks a trace code up. */
  public static String canonicalTraceCode(String traceCode) {
    return TraceHistory.canonicalCode(traceCode);
  }

  /**
   * The JAX-RS components for {@link org.baytrace.tracking.node.http.LedgerHttpServer#start}: the
   * {@code /events} resource, the problem JSON mapper of EPCIS query exceptions, and the binder
   * that injects this instance.
   */
  public Object[] httpComponents() {
    EpcisQueries self = this;
    AbstractBinder binder = new AbstractBinder() {
      @Override
      protected void configure() {
        bind(self).to(EpcisQueries.class);
      }
    };
    return new Object[] {binder, EventsResource.class, TopLevelResource.class, DiscoveryResource.class,
        QueriesResource.class,
        QueryProblemMapper.class, EpcisProtocolFilter.class};
  }

  /**
   * The REST query parameters of {@code org}'s named query {@code name}, if it has one (for
   * subscriptions, which run a named query of their owner's).
   */
  public Optional<Map<String, List<String>>> namedQuery(String org, String name) {
    return named.get(org, name).map(d -> NamedQueries.parameters(d.path("query")));
  }

  /**
   * The events at ledger indexes {@code from} to {@code to} (exclusive) that match the query
   * parameters, at most {@code limit}, examining at most {@code budget} entries (see {@link
   * QueryEngine#appended}).
   *
   * @throws QueryParameterException for a malformed parameter
   */
  public QueryEngine.Appended appended(Map<String, List<String>> parameters, long from, long to, int limit, int budget) {
    EventQuery q = EventQuery.parse(parameters);
    return readApplied(r -> QueryEngine.appended(r, q, from, Math.min(to, projection.applied()), limit, budget));
  }

  /**
   * An EPCISQueryDocument of these events as the result of subscription {@code subscriptionId}
   * to the named query {@code queryName} ({@code epcisBody.queryResults.subscriptionID}).
   */
  public ObjectNode subscriptionDocument(List<ProjectedEvent> events, String queryName, String subscriptionId) {
    ObjectNode doc = QueryDocuments.document(events, ledger.config().clock().instant());
    ObjectNode results = (ObjectNode) doc.path("epcisBody").path("queryResults");
    ObjectNode ordered = ProjectedEvent.JSON.createObjectNode();
    ordered.put("subscriptionID", subscriptionId);
    ordered.put("queryName", queryName);
    ordered.set("resultsBody", results.get("resultsBody"));
    ((ObjectNode) doc.path("epcisBody")).set("queryResults", ordered);
    return doc;
  }

  /**
   * Calls {@code listener} with the projection's applied size each time it grows, on the
   * projection's thread (return quickly).
   */
  public void onApplied(LongConsumer listener) {
    projection.onApplied(listener);
  }

  public void removeAppliedListener(LongConsumer listener) {
    projection.removeAppliedListener(listener);
  }

  /** The gRPC service baytrace.tracking.v1.EpcisQueryService. */
  public BindableService grpcService() {
    return new EpcisQueryGrpcService(this);
  }

  /** How many ledger entries (from index 0) the projection has applied. */
  public long appliedSize() {
    return projection.applied();
  }

  /**
   * Waits until the projection has applied the first {@code ledgerSize} entries of the ledger.
   *
   * @throws TimeoutException if it has not within {@code timeout} (the message says how far it got
   *     and the last failure, if it is stuck on one)
   */
  public void awaitCaughtUp(long ledgerSize, Duration timeout) throws InterruptedException, TimeoutException {
    projection.awaitApplied(ledgerSize, timeout);
  }

  /**
   * The newest master data of each of these vocabulary elements that has any (EPCIS master data
   * records, {@link org.baytrace.tracking.domain.epcis.masterdata.MasterDataRecords}), by the id
   * as given; read from one snapshot of the projection.
   */
  public Map<String, VocabularyElement> masterData(java.util.Collection<String> ids) {
    return read(r -> {
      Map<String, VocabularyElement> out = new java.util.LinkedHashMap<>();
      for (String id : ids) {
        MasterData.get(r, id).ifPresent(e -> out.put(id, e));
      }
      return out;
    });
  }

  private <T> T read(Function<ProjectionDb.Reader, T> body) {
    catchUpBriefly();
    return readApplied(body);
  }

  /** Reads what the projection has applied, without waiting for it to catch up. */
  private <T> T readApplied(Function<ProjectionDb.Reader, T> body) {
    Lock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new LedgerException(LedgerError.CLOSED, "EPCIS queries are closed");
      }
      try (ProjectionDb.Reader r = projection.db().reader()) {
        return body.apply(r);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Read your writes: wait a moment for what the ledger held when the request came. */
  private void catchUpBriefly() {
    long size = ledger.head().size();
    long lag = size - projection.applied();
    if (lag > 0 && lag <= FRESHNESS_MAX_LAG) {
      try {
        projection.awaitApplied(size, Duration.ofMillis(FRESHNESS_WAIT_MILLIS));
      } catch (TimeoutException e) {
        // answer from what is there
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops following the ledger and closes the projection store. Idempotent; waits for running queries. */
  @Override
  public void close() {
    Lock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      projection.close();
    } finally {
      lock.unlock();
    }
  }
}
