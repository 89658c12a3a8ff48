package org.baytrace.tracking.domain.policy;

import static org.baytrace.tracking.domain.policy.PolicyFixture.CARRIER;
import static org.baytrace.tracking.domain.policy.PolicyFixture.CUSTOMS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.FOODS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.LAB;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OTHER_FOODS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OWN_GTIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.AppendRequest;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy on a running node: records appended over gRPC are judged by the registry's policy
 * table; a refused record gets PERMISSION_DENIED naming the rule and changes nothing.
 */
class PolicyNodeTest {
  @TempDir
  Path dir;

  private static final String DL = "https://id.gs1.org/01/";

  private static NodeConfig config(Path dataDir, OrgRegistry registry) {
    NodeConfig c = LoopbackNodeConfig.in(dataDir);
    return registry == null ? c : c.withRegistry(registry);
  }

  private static BayTraceNode start(NodeConfig config) throws Exception {
    return BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  /** Appends each record on one stream; the responses in request order. */
  private static List<AppendResponse> append(BayTraceNode node, List<byte[]> records) throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
    try {
      AppendResponse[] got = new AppendResponse[records.size()];
      CountDownLatch done = new CountDownLatch(1);
      Throwable[] failure = new Throwable[1];
      StreamObserver<AppendRequest> req = LedgerServiceGrpc.newStub(channel).append(new StreamObserver<>() {
        @Override
        public void onNext(AppendResponse r) {
          got[(int) r.getCorrelationId()] = r;
        }

        @Override
        public void onError(Throwable t) {
          failure[0] = t;
          done.countDown();
        }

        @Override
        public void onCompleted() {
          done.countDown();
        }
      });
      for (int i = 0; i < records.size(); i++) {
        req.onNext(AppendRequest.newBuilder().setCorrelationId(i).setSignedRecord(ByteString.copyFrom(records.get(i))).build());
      }
      req.onCompleted();
      assertTrue(done.await(60, TimeUnit.SECONDS), "append stream did not finish");
      if (failure[0] != null) {
        throw new AssertionError("append stream failed", failure[0]);
      }
      return List.of(got);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void assertPermissionDenied(AppendResponse r, String messageStart) throws Exception {
    assertTrue(r.hasError(), () -> "must be refused: " + r);
    assertEquals(Status.Code.PERMISSION_DENIED, Status.fromCodeValue(r.getError().getCode()).getCode(), r.getError().getMessage());
    assertEquals("NOT_AUTHORISED", r.getError().getDetails(0).unpack(ErrorInfo.class).getReason());
    assertTrue(r.getError().getMessage().startsWith(messageStart), r.getError().getMessage());
  }

  @Test
  void appendOverGrpc_breakingAPolicyRule_isPermissionDenied_namingTheRule_andStoresNothing() throws Exception {
    NodeConfig config = config(dir, OrgRegistry.of(PolicyFixture.orgs()));
    try (BayTraceNode node = start(config)) {
      String origin = config.origin();
      List<String> shipment = List.of("urn:baytrace:biomaterial:shipment:gz-lab:S1");
      List<String> decl = List.of("urn:baytrace:customs:declaration:gongbei-customs:D1");
      TreeHead before = node.ledger().head();
      List<AppendResponse> refused = append(node, List.of(
          PolicyFixture.signed(origin, "pearl-river-foods", "customs.Release", decl, FOODS),
          PolicyFixture.signed(origin, "x", "epcis.ObjectEvent", List.of(DL + OWN_GTIN), OTHER_FOODS),
          PolicyFixture.signed(origin, "gz-lab", "biomaterial.HandOver", shipment, LAB),
          PolicyFixture.signed(origin, "pearl-river-foods", "no.SuchKind", decl, FOODS)));
      assertPermissionDenied(refused.get(0), "policy rule \"customs\" (kinds [customs.*], roles [customs], subjects own_org_namespace): "
          + "org \"pearl-river-foods\" has roles [producer]");
      assertPermissionDenied(refused.get(1), "policy rule \"epcis-producer\" (kinds [epcis.*], roles [producer], subjects "
          + "own_gs1_prefix): subject " + DL + OWN_GTIN + ": GS1 company prefix not owned by \"x\" (owns [6905555])");
      assertPermissionDenied(refused.get(2), "policy rule \"biomaterial-handover\"");
      assertPermissionDenied(refused.get(3), "no policy rule lets org \"pearl-river-foods\" (roles [producer]) author kind \"no.SuchKind\"");
      assertEquals(before, node.ledger().head(), "refused records change nothing");

      List<AppendResponse> ok = append(node, List.of(
          PolicyFixture.signed(origin, "gongbei-customs", "customs.Release", decl, CUSTOMS),
          PolicyFixture.signed(origin, "pearl-river-foods", "epcis.ObjectEvent", List.of(DL + OWN_GTIN), FOODS),
          PolicyFixture.signed(origin, "gz-lab", "biomaterial.HandOver", shipment, LAB, CARRIER)));
      // The policy lets all three through. The customs and custody profiles then judge the content
      // (these records carry none), so only the EPCIS event is stored; the others are refused by
      // those profiles' own rules, never by the policy.
      assertTrue(ok.get(1).hasAppended(), () -> "must be appended: " + ok.get(1).getError().getMessage());
      for (AppendResponse r : List.of(ok.get(0), ok.get(2))) {
        assertTrue(r.hasError());
        assertNotEquals("NOT_AUTHORISED", r.getError().getDetails(0).unpack(ErrorInfo.class).getReason(), r.getError().getMessage());
      }
      assertEquals(before.size() + 1, node.ledger().head().size());
    }
  }

  @Test
  void embeddedSingleNode_withoutRegistry_mayStillAuthorAnyKind() throws Exception {
    NodeConfig config = config(dir, null);
    try (BayTraceNode node = start(config)) {
      SigningKey nodeKey = KeyFiles.loadPrivate(config.keyFile());
      List<byte[]> records = new ArrayList<>();
      for (String kind : List.of("customs.Release", "waterbus.Voyage", "biomaterial.HandOver", "epcis.ObjectEvent", "test.Anything")) {
        records.add(PolicyFixture.signed(config.origin(), BayTraceNode.LOCAL_ORG, kind,
            List.of("urn:baytrace:waterbus:voyage:someone-else:V1"), nodeKey));
      }
      List<AppendResponse> answers = append(node, records);
      for (AppendResponse r : answers) {
        assertTrue(r.hasAppended() || !"NOT_AUTHORISED".equals(r.getError().getDetails(0).unpack(ErrorInfo.class).getReason()),
            () -> "the local operator may author anything: " + r.getError().getMessage());
      }
      // Kinds no profile inspects are stored as they are; profile kinds are judged on their content.
      assertTrue(answers.get(3).hasAppended(), () -> answers.get(3).getError().getMessage());
      assertTrue(answers.get(4).hasAppended(), () -> answers.get(4).getError().getMessage());
    }
  }
}
