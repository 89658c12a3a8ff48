package org.baytrace.tracking.domain.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.tracking.v1.EpcisQueryServiceGrpc;
import org.baytrace.api.tracking.v1.HistoryEvent;
import org.baytrace.api.tracking.v1.QueryEventsRequest;
import org.baytrace.api.tracking.v1.QueryEventsResponse;
import org.baytrace.api.tracking.v1.SensorFilter;
import org.baytrace.api.tracking.v1.TraceHistoryRequest;
import org.baytrace.api.tracking.v1.TraceHistoryResponse;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The same queries over gRPC (in-process transport) answer what GET /events answers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EpcisQueryGrpcTest {
  private QueryFixture fx;
  private Server server;
  private ManagedChannel channel;
  private EpcisQueryServiceGrpc.EpcisQueryServiceBlockingStub stub;

  @BeforeAll
  void open(@TempDir Path dir) throws IOException {
    fx = new QueryFixture(dir);
    fx.appendAllExamples();
    fx.awaitCaughtUp();
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor().addService(fx.queries.grpcService()).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = EpcisQueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @AfterAll
  void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    fx.close();
  }

  /** Every event over gRPC, page by page. */
  private List<JsonNode> all(QueryEventsRequest request) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    String token = "";
    do {
      QueryEventsResponse r = stub.queryEvents(request.toBuilder().setNextPageToken(token).build());
      JsonNode doc = QueryFixture.JSON.readTree(r.getQueryDocumentJson());
      assertEquals("EPCISQueryDocument", doc.path("type").asText());
      doc.path("epcisBody").path("queryResults").path("resultsBody").path("eventList").forEach(out::add);
      token = r.getNextPageToken();
    } while (!token.isEmpty());
    return out;
  }

  @Test
  void queryEvents_answersAsHttpDoes() throws IOException {
    record Case(QueryEventsRequest grpc, Map<String, String> http) {}
    List<Case> cases = List.of(
        new Case(QueryEventsRequest.getDefaultInstance(), Map.of()),
        new Case(QueryEventsRequest.newBuilder().setPerPage(4).build(), Map.of("perPage", "4")),
        new Case(QueryEventsRequest.newBuilder().addEventType("ObjectEvent").addEventType("AggregationEvent")
            .setGeEventTime("2006-01-01T00:00:00Z").build(),
            Map.of("eventType", "ObjectEvent|AggregationEvent", "GE_eventTime", "2006-01-01T00:00:00Z")),
        new Case(QueryEventsRequest.newBuilder().addEqBizStep("urn:epcglobal:cbv:bizstep:shipping").build(),
            Map.of("EQ_bizStep", "shipping")),
        new Case(QueryEventsRequest.newBuilder().addMatchAnyEpc("urn:epc:id:sgtin:0614141.107346.2018").setPerPage(2)
            .build(), Map.of("MATCH_anyEPC", "urn:epc:id:sgtin:0614141.107346.2018")),
        new Case(QueryEventsRequest.newBuilder().addMatchEpcClass("urn:epc:idpat:sgtin:4012345.098765.*").build(),
            Map.of("MATCH_epcClass", "urn:epc:idpat:sgtin:4012345.098765.*")),
        new Case(QueryEventsRequest.newBuilder().setExistsErrorDeclaration(true).build(),
            Map.of("EXISTS_errorDeclaration", "true")),
        new Case(QueryEventsRequest.newBuilder().addSensorFilters(SensorFilter.newBuilder().setOp("GE")
            .setField("value").setUom("CEL").setValue(26.1)).addSensorFilters(SensorFilter.newBuilder().setOp("LT")
            .setField("value").setUom("CEL").setValue(26.4)).build(),
            Map.of("GE_value_CEL", "26.1", "LT_value_CEL", "26.4")),
        new Case(QueryEventsRequest.newBuilder().setOrderBy("eventTime").setOrderDirection("ASC").setEventCountLimit(5)
            .setPerPage(2).build(), Map.of("orderBy", "eventTime", "orderDirection", "ASC", "eventCountLimit", "5")));
    for (Case c : cases) {
      List<Long> http = fx.queryAll(c.http).stream().map(QueryFixture::ledgerIndex).toList();
      List<Long> grpc = all(c.grpc).stream().map(QueryFixture::ledgerIndex).toList();
      assertEquals(http, grpc, c.http.toString());
    }
    assertFalse(all(cases.get(7).grpc).isEmpty(), "the sensor band finds readings");
  }

  @Test
  void badParameter_isInvalidArgument_namingTheFieldAndTheParameter() throws Exception {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub.queryEvents(QueryEventsRequest.newBuilder().setGeEventTime("yesterday").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("GE_eventTime: "), e.getStatus().getDescription());
    com.google.rpc.Status s = StatusProto.fromThrowable(e);
    ErrorInfo info = s.getDetails(0).unpack(ErrorInfo.class);
    assertEquals("INVALID_ARGUMENT", info.getReason());
    assertEquals("GE_eventTime", info.getMetadataOrThrow("parameter"));
    BadRequest bad = s.getDetails(1).unpack(BadRequest.class);
    assertEquals("ge_event_time", bad.getFieldViolations(0).getField());

    StatusRuntimeException sensor = assertThrows(StatusRuntimeException.class,
        () -> stub.queryEvents(QueryEventsRequest.newBuilder().addSensorFilters(SensorFilter.newBuilder()
            .setOp("ABOUT").setField("value").setUom("CEL").setValue(1)).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, sensor.getStatus().getCode());
    assertEquals("sensor_filters", StatusProto.fromThrowable(sensor).getDetails(1).unpack(BadRequest.class)
        .getFieldViolations(0).getField());

    StatusRuntimeException perPage = assertThrows(StatusRuntimeException.class,
        () -> stub.queryEvents(QueryEventsRequest.newBuilder().setPerPage(5000).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, perPage.getStatus().getCode());

    StatusRuntimeException tooLarge = assertThrows(StatusRuntimeException.class,
        () -> stub.queryEvents(QueryEventsRequest.newBuilder().setMaxEventCount(2).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, tooLarge.getStatus().getCode());

    StatusRuntimeException code = assertThrows(StatusRuntimeException.class,
        () -> stub.traceHistory(TraceHistoryRequest.newBuilder().setTraceCode("not a code").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, code.getStatus().getCode());
    assertEquals("trace_code", StatusProto.fromThrowable(code).getDetails(1).unpack(BadRequest.class)
        .getFieldViolations(0).getField());
  }

  @Test
  void traceHistory_answersAsTheJavaApiDoes() {
    String code = "urn:epc:id:sgtin:0614141.107346.2017";
    TraceHistoryResponse r = stub.traceHistory(TraceHistoryRequest.newBuilder().setTraceCode(code).build());
    List<org.baytrace.tracking.domain.epcis.query.HistoryEvent> want = fx.queries.traceHistory(code);
    assertEquals(EpcisQueries.canonicalTraceCode(code), r.getTraceCode());
    assertEquals(want.size(), r.getEventsCount());
    assertFalse(want.isEmpty());
    for (int i = 0; i < want.size(); i++) {
      HistoryEvent got = r.getEvents(i);
      assertEquals(want.get(i).ledgerIndex(), got.getLedgerIndex());
      assertEquals(want.get(i).relation().name(), got.getRelation().name());
      assertEquals(want.get(i).via(), got.getVia());
      assertEquals(want.get(i).leafHashHex(), HexFormat.of().formatHex(got.getLeafHash().toByteArray()));
      assertEquals(want.get(i).declaredInError(), got.getDeclaredInError());
      assertEquals(fx.ledger.entry(got.getLedgerIndex()).leafHash().toByteArray().length, got.getLeafHash().size());
    }
  }
}
