package org.baytrace.tracking.node.epcis.query;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.baytrace.api.tracking.v1.EpcisQueryServiceGrpc;
import org.baytrace.api.tracking.v1.HistoryEvent.Relation;
import org.baytrace.api.tracking.v1.QueryEventsRequest;
import org.baytrace.api.tracking.v1.QueryEventsResponse;
import org.baytrace.api.tracking.v1.SensorFilter;
import org.baytrace.api.tracking.v1.TraceHistoryRequest;
import org.baytrace.api.tracking.v1.TraceHistoryResponse;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.epcis.query.EventQuery;
import org.baytrace.tracking.domain.epcis.query.HistoryEvent;
import org.baytrace.tracking.domain.epcis.query.QueryException;
import org.baytrace.tracking.domain.epcis.query.QueryPage;
import org.baytrace.tracking.domain.epcis.query.QueryParameterException;
import org.baytrace.tracking.node.grpc.GrpcErrors;

/**
 * The gRPC service baytrace.tracking.v1.EpcisQueryService. A request is turned into the REST
 * binding's parameters and answered by the same code as {@code GET /events}, so both refuse the
 * same things with the same messages; a refusal is INVALID_ARGUMENT (or RESOURCE_EXHAUSTED for
 * {@code maxEventCount}) with an ErrorInfo (reason, and the EPCIS parameter in its metadata) and a
 * BadRequest naming the request field. Thread-safe; one instance serves all calls.
 */
final class EpcisQueryGrpcService extends EpcisQueryServiceGrpc.EpcisQueryServiceImplBase {
  private static final Logger LOG = Logger.getLogger(EpcisQueryGrpcService.class.getName());

  /** EPCIS parameter → request field, for BadRequest details. */
  private static final Map<String, String> FIELDS = Map.ofEntries(
      Map.entry("eventType", "event_type"), Map.entry("GE_eventTime", "ge_event_time"),
      Map.entry("LT_eventTime", "lt_event_time"), Map.entry("GE_recordTime", "ge_record_time"),
      Map.entry("LT_recordTime", "lt_record_time"), Map.entry("EQ_action", "eq_action"),
      Map.entry("EQ_bizStep", "eq_biz_step"), Map.entry("EQ_disposition", "eq_disposition"),
      Map.entry("EQ_readPoint", "eq_read_point"), Map.entry("EQ_bizLocation", "eq_biz_location"),
      Map.entry("MATCH_epc", "match_epc"), Map.entry("MATCH_parentID", "match_parent_id"),
      Map.entry("MATCH_inputEPC", "match_input_epc"), Map.entry("MATCH_outputEPC", "match_output_epc"),
      Map.entry("MATCH_anyEPC", "match_any_epc"), Map.entry("MATCH_epcClass", "match_epc_class"),
      Map.entry("MATCH_inputEPCClass", "match_input_epc_class"),
      Map.entry("MATCH_outputEPCClass", "match_output_epc_class"),
      Map.entry("MATCH_anyEPCClass", "match_any_epc_class"), Map.entry("EQ_eventID", "eq_event_id"),
      Map.entry("EXISTS_errorDeclaration", "exists_error_declaration"),
      Map.entry("EQ_errorReason", "eq_error_reason"), Map.entry("EQ_correctiveEventID", "eq_corrective_event_id"),
      Map.entry("orderBy", "order_by"), Map.entry("orderDirection", "order_direction"),
      Map.entry("eventCountLimit", "event_count_limit"), Map.entry("maxEventCount", "max_event_count"),
      Map.entry("perPage", "per_page"), Map.entry("nextPageToken", "next_page_token"),
      Map.entry("traceCode", "trace_code"));

  private final EpcisQueries queries;

  EpcisQueryGrpcService(EpcisQueries queries) {
    this.queries = queries;
  }

  @Override
  public void queryEvents(QueryEventsRequest request, StreamObserver<QueryEventsResponse> out) {
    respond(out, () -> {
      QueryPage page = queries.query(parameters(request));
      return QueryEventsResponse.newBuilder().setQueryDocumentJson(page.documentJson())
          .setNextPageToken(page.nextPageToken() == null ? "" : page.nextPageToken()).build();
    });
  }

  @Override
  public void traceHistory(TraceHistoryRequest request, StreamObserver<TraceHistoryResponse> out) {
    respond(out, () -> {
      String code = EpcisQueries.canonicalTraceCode(request.getTraceCode());
      TraceHistoryResponse.Builder b = TraceHistoryResponse.newBuilder().setTraceCode(code);
      for (HistoryEvent e : queries.traceHistory(request.getTraceCode())) {
        b.addEvents(org.baytrace.api.tracking.v1.HistoryEvent.newBuilder()
            .setRelation(switch (e.relation()) {
              case DIRECT -> Relation.DIRECT;
              case INHERITED -> Relation.INHERITED;
              case CLASS_LEVEL -> Relation.CLASS_LEVEL;
            })
            .setVia(e.via()).addAllPath(e.path()).setLedgerIndex(e.ledgerIndex())
            .setLeafHash(ByteString.copyFrom(HexFormat.of().parseHex(e.leafHashHex())))
            .setEventJson(e.json().toString()).setDeclaredInError(e.declaredInError()));
      }
      return b.build();
    });
  }

  /** The REST binding's parameters for a request. */
  static Map<String, List<String>> parameters(QueryEventsRequest r) {
    Map<String, List<String>> p = new LinkedHashMap<>();
    list(p, "eventType", r.getEventTypeList());
    text(p, "GE_eventTime", r.getGeEventTime());
    text(p, "LT_eventTime", r.getLtEventTime());
    text(p, "GE_recordTime", r.getGeRecordTime());
    text(p, "LT_recordTime", r.getLtRecordTime());
    list(p, "EQ_action", r.getEqActionList());
    list(p, "EQ_bizStep", r.getEqBizStepList());
    list(p, "EQ_disposition", r.getEqDispositionList());
    list(p, "EQ_readPoint", r.getEqReadPointList());
    list(p, "EQ_bizLocation", r.getEqBizLocationList());
    list(p, "MATCH_epc", r.getMatchEpcList());
    list(p, "MATCH_parentID", r.getMatchParentIdList());
    list(p, "MATCH_inputEPC", r.getMatchInputEpcList());
    list(p, "MATCH_outputEPC", r.getMatchOutputEpcList());
    list(p, "MATCH_anyEPC", r.getMatchAnyEpcList());
    list(p, "MATCH_epcClass", r.getMatchEpcClassList());
    list(p, "MATCH_inputEPCClass", r.getMatchInputEpcClassList());
    list(p, "MATCH_outputEPCClass", r.getMatchOutputEpcClassList());
    list(p, "MATCH_anyEPCClass", r.getMatchAnyEpcClassList());
    list(p, "EQ_eventID", r.getEqEventIdList());
    if (r.getExistsErrorDeclaration()) {
      p.put("EXISTS_errorDeclaration", List.of("true"));
    }
    list(p, "EQ_errorReason", r.getEqErrorReasonList());
    list(p, "EQ_correctiveEventID", r.getEqCorrectiveEventIdList());
    Map<String, StringBuilder> sensor = new LinkedHashMap<>();
    for (SensorFilter s : r.getSensorFiltersList()) {
      String name = s.getOp() + "_" + s.getField() + "_" + s.getUom();
      StringBuilder values = sensor.get(name);
      if (values == null) {
        sensor.put(name, new StringBuilder(Double.toString(s.getValue())));
      } else if (s.getOp().equals("EQ")) {
        values.append('|').append(s.getValue()); // several EQ values: any of them
      } else {
        throw new QueryParameterException(name, name + ": given twice, want it once");
      }
    }
    sensor.forEach((name, values) -> p.put(name, List.of(values.toString())));
    text(p, "orderBy", r.getOrderBy());
    text(p, "orderDirection", r.getOrderDirection());
    if (r.getEventCountLimit() != 0) {
      p.put("eventCountLimit", List.of(Integer.toUnsignedString(r.getEventCountLimit())));
    }
    if (r.getMaxEventCount() != 0) {
      p.put("maxEventCount", List.of(Integer.toUnsignedString(r.getMaxEventCount())));
    }
    if (r.getPerPage() != 0) {
      p.put("perPage", List.of(Integer.toUnsignedString(r.getPerPage())));
    }
    text(p, "nextPageToken", r.getNextPageToken());
    return p;
  }

  private static void list(Map<String, List<String>> p, String name, List<String> values) {
    if (!values.isEmpty()) {
      for (String v : values) {
        if (v.contains("|")) {
          throw new QueryParameterException(name, name + ": got " + Quoted.of(v)
              + ", want one value per list element (no '|')");
        }
      }
      p.put(name, List.of(String.join("|", values)));
    }
  }

  private static void text(Map<String, List<String>> p, String name, String value) {
    if (!value.isEmpty()) {
      p.put(name, List.of(value));
    }
  }

  private static <T> void respond(StreamObserver<T> out, Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (QueryException e) {
      out.onError(toStatus(e));
      return;
    } catch (LedgerException e) {
      out.onError(GrpcErrors.toException(e));
      return;
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "EPCIS query failed", e);
      out.onError(GrpcErrors.toException(e));
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }

  static StatusRuntimeException toStatus(QueryException e) {
    // Every other parameter name a request can produce is that of a sensor filter ({op}_{field}_{uom}).
    String field = e.parameter().equals("query") ? "" : FIELDS.getOrDefault(e.parameter(), "sensor_filters");
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(e.grpcCode())
        .setMessage(e.getMessage())
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(e.reason()).setDomain(GrpcErrors.DOMAIN)
            .putMetadata("parameter", e.parameter()).putMetadata("epcisException", e.epcisException()).build()))
        .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(BadRequest.FieldViolation.newBuilder()
            .setField(field).setDescription(e.getMessage())).build()))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }
}
