package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.AppendRequest;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.NodeKeys;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.registry.Change;
import org.baytrace.ledger.registry.GovernanceRecords;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.Proposal;
import org.baytrace.ledger.registry.SignedProposal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's entrance: a record by a key the registry in force does not accept (a stranger's, a
 * revoked one) is refused over real gRPC before it is sequenced, with the reason and status the
 * log-order check gives, and the tree does not move; the stream goes on for good records.
 */
class AdmissionNodeTest {
  private static final String ON_ARRIVAL = "refused on arrival by the registry in force on this node, not sequenced";

  @TempDir Path dir;

  private NodeConfig config() {
    return LoopbackNodeConfig.in(dir);
  }

  private static BayTraceNode start(NodeConfig config) throws Exception {
    return BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private static byte[] event(BayTraceNode node, String subject, SigningKey key) {
    return Records.sign(RecordBody.newBuilder().setOrigin(node.ledger().origin()).setKind("test.Event")
        .addSubjects(subject).setEventTimeUnixMillis(System.currentTimeMillis()).setAuthorOrg(BayTraceNode.LOCAL_ORG)
        .setContentType("application/json").setContent(ByteString.copyFromUtf8("{}")).build().toByteArray(), key);
  }

  private static long govern(BayTraceNode node, SigningKey key, Change change) {
    SignedProposal p = SignedProposal.unsigned(Proposal.of(node.ledger().origin(), node.governance().state().version(),
        change, "")).signedBy(BayTraceNode.LOCAL_ORG, key);
    return node.ledger().append(GovernanceRecords.signedRecord(p, BayTraceNode.LOCAL_ORG, key, System.currentTimeMillis()))
        .index();
  }

  /** Appends each record on one gRPC Append stream; the responses in request order. */
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

  private static void assertRefused(AppendResponse r, String reason, String messagePart) throws Exception {
    assertTrue(r.hasError(), () -> "must be refused: " + r);
    assertEquals(Status.Code.PERMISSION_DENIED, Status.fromCodeValue(r.getError().getCode()).getCode(),
        r.getError().getMessage());
    assertEquals(reason, r.getError().getDetails(0).unpack(ErrorInfo.class).getReason(), r.getError().getMessage());
    assertTrue(r.getError().getMessage().contains(messagePart), r.getError().getMessage());
  }

  @Test
  void strangersSignedAppend_isRefusedOnArrival_asUnknownKey_andTheTreeDoesNotMove() throws Exception {
    NodeConfig config = config();
    try (BayTraceNode node = start(config)) {
      SigningKey stranger = SigningKey.generate();
      long before = node.ledger().head().size();
      List<AppendResponse> answers = append(node, List.of(event(node, "urn:uuid:stranger", stranger),
          event(node, "urn:uuid:member", NodeKeys.loadOrGenerate(config))));

      assertRefused(answers.get(0), "UNKNOWN_KEY", "signature key " + stranger.publicKey().keyId()
          + " is not registered in the organisation registry");
      assertTrue(answers.get(0).getError().getMessage().endsWith(ON_ARRIVAL), answers.get(0).getError().getMessage());
      assertTrue(answers.get(1).hasAppended(), () -> "the stream goes on for a member's record: " + answers.get(1));
      assertEquals(before + 1, node.ledger().head().size(), "only the member's record is in the tree");
      assertEquals(before, answers.get(1).getAppended().getIndex());
    }
  }

  @Test
  void revokedKeysAppend_isRefusedOnArrival_onceTheRevocationIsApplied() throws Exception {
    NodeConfig config = config();
    try (BayTraceNode node = start(config)) {
      SigningKey nodeKey = NodeKeys.loadOrGenerate(config);
      SigningKey leaked = SigningKey.generate();
      govern(node, nodeKey, new Change.AddKey(BayTraceNode.LOCAL_ORG, OrgKey.of(leaked.publicKey())));
      assertTrue(append(node, List.of(event(node, "urn:uuid:before", leaked))).get(0).hasAppended(),
          "a key in force is admitted");

      long revoked = govern(node, nodeKey, new Change.EndKey(BayTraceNode.LOCAL_ORG, leaked.publicKey(), true, "leaked"));
      long before = node.ledger().head().size();
      AppendResponse r = append(node, List.of(event(node, "urn:uuid:after", leaked))).get(0);

      assertRefused(r, "NOT_AUTHORISED", "key " + leaked.publicKey().keyId() + " of org \"" + BayTraceNode.LOCAL_ORG
          + "\" was revoked at index " + revoked + " (leaked) and signs no new record");
      assertTrue(r.getError().getMessage().endsWith(ON_ARRIVAL), r.getError().getMessage());
      assertEquals(before, node.ledger().head().size(), "a revoked key's record changes nothing");
    }
  }

  @Test
  void recordsAdmittedBeforeARevocationIsApplied_areJudgedInLogOrder_byTheRegistryAtTheirIndex() throws Exception {
    NodeConfig d = config();
    // A long linger holds the batch open, so all three are admitted while the key is still in force
    // and are then applied in one batch, in the stream's order.
    NodeConfig config = new NodeConfig(d.nodeName(), d.origin(), d.dataDir(), d.keyFile(), d.grpcListen(),
        d.httpListen(), d.maxRecordBytes(), d.maxInFlightPerStream(), d.batchMaxRecords(), Duration.ofSeconds(3),
        d.verifyThreads(), d.verifyAllOnStart(), d.registry(), d.peers(), d.capture(), d.coldChainProfiles())
        .withOps(d.ops()); // the free admin port
    try (BayTraceNode node = start(config)) {
      SigningKey nodeKey = NodeKeys.loadOrGenerate(config);
      SigningKey leaked = SigningKey.generate();
      govern(node, nodeKey, new Change.AddKey(BayTraceNode.LOCAL_ORG, OrgKey.of(leaked.publicKey())));
      long before = node.ledger().head().size();
      SignedProposal revoke = SignedProposal.unsigned(Proposal.of(node.ledger().origin(),
          node.governance().state().version(), new Change.EndKey(BayTraceNode.LOCAL_ORG, leaked.publicKey(), true,
          "leaked"), "")).signedBy(BayTraceNode.LOCAL_ORG, nodeKey);

      List<AppendResponse> answers = append(node, List.of(event(node, "urn:uuid:ordered-before", leaked),
          GovernanceRecords.signedRecord(revoke, BayTraceNode.LOCAL_ORG, nodeKey, System.currentTimeMillis()),
          event(node, "urn:uuid:ordered-after", leaked)));

      assertTrue(answers.get(0).hasAppended(), () -> "valid at its index: " + answers.get(0));
      assertEquals(before, answers.get(0).getAppended().getIndex());
      assertTrue(answers.get(1).hasAppended(), () -> "the revocation: " + answers.get(1));
      long revoked = answers.get(1).getAppended().getIndex();
      assertEquals(before + 1, revoked);
      assertRefused(answers.get(2), "NOT_AUTHORISED", "was revoked at index " + revoked + " (leaked)");
      assertFalse(answers.get(2).getError().getMessage().contains(ON_ARRIVAL),
          () -> "admitted on arrival, refused in log order: " + answers.get(2).getError().getMessage());
      assertEquals(before + 2, node.ledger().head().size());
    }
  }

  @Test
  void httpEventCapturedWithARevokedCaptureKey_is403OnArrival_andTheTreeDoesNotMove() throws Exception {
    NodeConfig config = config();
    try (BayTraceNode node = start(config)) {
      SigningKey nodeKey = NodeKeys.loadOrGenerate(config); // the embedded default captures with the node key
      SigningKey next = SigningKey.generate();
      govern(node, nodeKey, new Change.AddKey(BayTraceNode.LOCAL_ORG, OrgKey.of(next.publicKey())));
      long revoked = govern(node, next, new Change.EndKey(BayTraceNode.LOCAL_ORG, nodeKey.publicKey(), true, "disk stolen"));
      long before = node.ledger().head().size();

      String event = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
          + "\"type\":\"ObjectEvent\",\"eventTime\":\"" + Instant.now() + "\",\"eventTimeZoneOffset\":\"+00:00\","
          + "\"epcList\":[\"urn:epc:id:sgtin:0614141.107346.2018\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}";
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.httpPort() + "/events")).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/ld+json").POST(HttpRequest.BodyPublishers.ofString(event)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(403, r.statusCode(), r.body());
      assertTrue(r.body().contains("was revoked at index " + revoked + " (disk stolen)"), r.body());
      assertTrue(r.body().contains(ON_ARRIVAL), r.body());
      assertEquals(before, node.ledger().head().size(), "a revoked capture key's event changes nothing");
    }
  }
}
