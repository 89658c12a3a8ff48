package org.baytrace.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.baytrace.ledger.crypto.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.GetReceiptRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.config.ConfigException;
import org.baytrace.config.HostPort;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.registry.Genesis;
import org.baytrace.ledger.registry.ProposalJson;
import org.baytrace.ledger.registry.Registry;
import org.baytrace.ledger.registry.SignedProposal;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.receipt.ReceiptVerifier;
import org.baytrace.ledger.verify.VerificationException;
import org.baytrace.tracking.node.BayTraceNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Plays a Greater Bay Area trade day on an embedded node in a temporary data directory:",
        "frozen beef from Brazil through Nansha (one temperature excursion) and on by rail (a sea-rail",
        "hand-over), Thai durian handed from the ship to the water bus in Hong Kong and carried to Foshan, a",
        "UN3373 specimen flown into Baiyun and handed (dual-signed) to a Guangzhou lab, the customs clearance",
        "of each, and a cross-border parcel. Records go over gRPC Append like any client's. Then prints the",
        "pages to open, the clearance-time report and a receipt verified offline against the node's key.",
        "Only the embedded node is supported (not a running node: its org registry would need the demo's orgs)."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR",
      description = "A new or empty directory for the embedded node's data and the organisations' keys, kept"
          + " afterwards (default: a temporary directory, deleted at the end).")
  Path data;

  @Option(names = "--grpc", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
      description = "gRPC listen address of the embedded node (default: ${DEFAULT-VALUE}, any free port).")
  String grpc;

  @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
      description = "HTTP listen address of the embedded node (default: ${DEFAULT-VALUE}, any free port).")
  String http;

  @Option(names = "--keep-running",
      description = "Keep the node serving after the demo (until Ctrl-C) so the printed pages can be opened.")
  boolean keepRunning;

  /** What the demo produced; tests look at it (and the still-running node) through {@link #afterPlay}. */
  record Played(URI base, List<URI> pages, JsonNode clearanceReport, JsonNode beefVerdict, JsonNode parcel,
      boolean receiptVerified) {}

  /** Tests only: called after the demo printed its results, while the node still runs. */
  static volatile Consumer<Played> afterPlay;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    boolean temporary = data == null;
    Path dir;
    NodeConfig cfg;
    try {
      if (!temporary && Files.isDirectory(data)) {
        try (Stream<Path> entries = Files.list(data)) {
          if (entries.findAny().isPresent()) {
            throw new CliException(BayTrace.USAGE, "--data: " + data + " is not empty; the demo needs a new or empty directory");
          }
        }
      }
      dir = temporary ? Files.createTempDirectory("baytrace-demo-") : Files.createDirectories(data);
      Path keyDir = Files.createDirectories(dir.resolve("org-keys"));
      cfg = NodeConfig.defaults().withDataDir(dir.resolve("node")).withGrpcListen(HostPort.parse(grpc))
          .withHttpListen(HostPort.parse(http)).withAdminListen(new HostPort("127.0.0.1", 0)); // a demo beside a node
      DemoScenario scenario = new DemoScenario(cfg.origin(), keyDir);
      cfg = cfg.withRegistry(scenario.registry());
      cfg = cfg.withGovernance(cfg.governance().withGenesis(Optional.of(writeGenesis(cfg, scenario, dir))));
      System.err.printf("baytrace: demo: %d organisations, keys in %s%n", scenario.registry().orgs().size(), keyDir);
      BayTraceNode node;
      try {
        node = BayTraceNode.start(cfg, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      } catch (LedgerException e) {
        throw new CliException(BayTrace.IO_ERROR, "cannot start the embedded node: " + e.getMessage());
      }
      try {
        System.err.printf("baytrace: demo: embedded node on gRPC %s:%d, HTTP %s:%d, data in %s%n",
            cfg.grpcListen().host(), node.grpcPort(), cfg.httpListen().host(), node.httpPort(), dir);
        URI base = URI.create("http://" + hostForUrl(cfg.httpListen().host()) + ":" + node.httpPort() + "/");
        Played played = play(node, cfg, scenario, base);
        System.out.printf("%nDemo finished in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        if (afterPlay != null) {
          afterPlay.accept(played);
        }
        if (!played.receiptVerified()) {
          return BayTrace.FAILED;
        }
        if (keepRunning) {
          System.out.println("The node keeps running; open the pages above. Ctrl-C stops it.");
          System.out.flush();
          CountDownLatch stop = new CountDownLatch(1);
          Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "baytrace-demo-stop"));
          stop.await();
        }
        return BayTrace.OK;
      } finally {
        node.close();
        if (temporary) {
          deleteTree(dir);
        }
      }
    } catch (ConfigException | IllegalArgumentException e) {
      throw new CliException(BayTrace.USAGE, e.getMessage());
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "demo: " + e.getMessage());
    }
  }

  private static String hostForUrl(String host) {
    if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
      return "127.0.0.1";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private Played play(BayTraceNode node, NodeConfig cfg, DemoScenario scenario, URI base) throws Exception {
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
    try {
      long[] indexes = append(ch, scenario.steps());
      int n = scenario.steps().size();
      System.out.printf("Appended %d signed records over gRPC (tree size %d).%n", n, node.ledger().head().size());
      DemoScenario.Step bad = scenario.singleSignedHandOver();
      AppendResponse refused = appendOne(ch, bad);
      if (!refused.hasError()) {
        throw new CliException(BayTrace.FAILED, "demo: the node stored a single-signed hand-over (entry "
            + refused.getAppended().getIndex() + "); it must refuse it");
      }
      System.out.printf("Refused as expected: %s: %s: %s%n", bad.what(),
          Status.fromCodeValue(refused.getError().getCode()).getCode(), refused.getError().getMessage());

      // The beef's cold-chain verdict
      JsonNode verdict = getJson(base, "v1/coldchain/verdict?subject=" + q(DemoScenario.BEEF));
      System.out.printf("%nCold chain: frozen beef lot %s: %s%n", DemoScenario.BEEF_LOT, verdict.path("status").asText());
      for (JsonNode e : verdict.path("excursions")) {
        System.out.printf("  excursion %s %s the range: %s to %s (%.0f min), worst %.1f °C beyond, at %s%n",
            e.path("kind").asText(), e.path("direction").asText(), e.path("start").asText(), e.path("end").asText(),
            e.path("durationSeconds").asDouble() / 60, e.path("degreesBeyond").asDouble(), e.path("location").asText());
      }
      JsonNode durian = getJson(base, "v1/coldchain/verdict?subject=" + q(DemoScenario.DURIAN));
      System.out.printf("Cold chain: durian lot %s: %s%n", DemoScenario.DURIAN_LOT, durian.path("status").asText());

      // The parcel, found by waybill and label code only
      JsonNode parcel = getJson(base, "v1/parcels/" + DemoScenario.PARCEL_WAYBILL + "?code=" + DemoScenario.PARCEL_CODE);
      System.out.printf("%nParcel %s (label code %s): %s", DemoScenario.PARCEL_WAYBILL, DemoScenario.PARCEL_CODE,
          parcel.path("status").asText());
      for (JsonNode s : parcel.path("stages")) {
        System.out.printf("%n  %-9s %s by %s", s.path("stage").asText(), s.path("time").asText(),
            s.path("recordedBy").path("name").asText());
      }
      System.out.println();

      // Pages to open
      List<URI> pages = List.of(
          base.resolve("01/" + DemoScenario.BEEF_GTIN + "/10/" + DemoScenario.BEEF_LOT),
          base.resolve("01/" + DemoScenario.DURIAN_GTIN + "/10/" + DemoScenario.DURIAN_LOT),
          base.resolve("v1/biomaterial/custody?subject=" + q(DemoScenario.SPECIMEN) + "&format=html"),
          base.resolve("waterbus/voyages/" + DemoScenario.BARGE + "/" + DemoScenario.VOYAGE_NO),
          base.resolve("customs/clearance-report"),
          base.resolve("parcels/" + DemoScenario.PARCEL_WAYBILL + "?code=" + DemoScenario.PARCEL_CODE));
      List<String> labels = List.of("beef (consumer page, trace code)", "durian (consumer page, trace code)",
          "specimen chain of custody", "water-bus voyage " + DemoScenario.VOYAGE_NO, "clearance-time report",
          "parcel " + DemoScenario.PARCEL_WAYBILL + " (waybill + label code)");
      System.out.printf("%nPages to open%s:%n", keepRunning ? "" : " (run with --keep-running to keep the node up)");
      for (int i = 0; i < pages.size(); i++) {
        HttpResponse<String> r = get(pages.get(i), "text/html");
        System.out.printf("  %-36s %s  [%d]%n", labels.get(i), pages.get(i), r.statusCode());
      }

      // Clearance-time report
      JsonNode report = getJson(base, "v1/customs/clearance-report");
      printReport(report);

      // A receipt verified offline: the dual-signed hand-over of the specimen to the Guangzhou lab
      long index = indexes[n - 1];
      boolean verified = verifyReceipt(ch, node, cfg, scenario.registry(), index);
      return new Played(base, pages, report, verdict, parcel, verified);
    } finally {
      TargetOption.close(ch);
    }
  }

  /**
   * The demo ledger's genesis, as founding organisations make it: proposed from the node's
   * founding registry and signed by a majority of them (the demo holds every organisation's key).
   */
  private static Path writeGenesis(NodeConfig cfg, DemoScenario scenario, Path dir) throws IOException {
    Registry founding = cfg.foundingRegistry(cfg.registry());
    SignedProposal genesis = Genesis.propose(cfg.origin(), founding, "the demo ledger's genesis");
    for (String org : founding.governance().orgs().subList(0, founding.governance().threshold())) {
      genesis = genesis.signedBy(org, scenario.key(org));
    }
    Path file = dir.resolve("genesis.json");
    Files.writeString(file, ProposalJson.format(genesis), StandardCharsets.UTF_8);
    return file;
  }

  /** Appends the steps on one Append stream, in order; returns each record's ledger index. */
  private static long[] append(ManagedChannel ch, List<DemoScenario.Step> steps) throws InterruptedException {
    long[] indexes = new long[steps.size()];
    String previous = "";
    try (AppendClient client = new AppendClient(ch, 1)) {
      for (int i = 0; i < steps.size(); i++) {
        DemoScenario.Step s = steps.get(i);
        if (!s.profile().equals(previous)) {
          previous = s.profile();
        }
        CountDownLatch answered = new CountDownLatch(1);
        AtomicReference<AppendResponse> got = new AtomicReference<>();
        client.submit(i, s.signed(), r -> {
          got.set(r);
          answered.countDown();
        });
        if (!answered.await(30, TimeUnit.SECONDS)) {
          throw new CliException(BayTrace.IO_ERROR, "demo: no answer for record " + (i + 1) + " (" + s.what() + ")");
        }
        AppendResponse r = got.get();
        if (r.hasError()) {
          throw new CliException(BayTrace.FAILED, "demo: record " + (i + 1) + " (" + s.profile() + ": " + s.what()
              + ") refused: " + Status.fromCodeValue(r.getError().getCode()).getCode() + ": " + r.getError().getMessage());
        }
        indexes[i] = r.getAppended().getIndex();
        System.err.printf("baytrace: demo: %-11s #%-3d %s%n", s.profile(), indexes[i], s.what());
      }
      Status failure = client.finish(30);
      if (failure != null) {
        throw new CliException(BayTrace.IO_ERROR, "demo: append stream failed: " + failure);
      }
    }
    return indexes;
  }

  private static AppendResponse appendOne(ManagedChannel ch, DemoScenario.Step step) throws InterruptedException {
    AtomicReference<AppendResponse> got = new AtomicReference<>();
    CountDownLatch answered = new CountDownLatch(1);
    try (AppendClient client = new AppendClient(ch, 1)) {
      client.submit(0, step.signed(), r -> {
        got.set(r);
        answered.countDown();
      });
      if (!answered.await(30, TimeUnit.SECONDS)) {
        throw new CliException(BayTrace.IO_ERROR, "demo: no answer for " + step.what());
      }
      client.finish(30);
    }
    return got.get();
  }

  private static void printReport(JsonNode report) {
    System.out.printf("%nClearance-time report (GET /v1/customs/clearance-report, hours):%n");
    System.out.printf("  %-6s %-6s %-8s %5s  %-25s %-25s %-25s%n", "port", "type", "period", "count",
        "arrival_to_release", "border_compliance", "documentary_compliance");
    for (JsonNode g : report.path("groups")) {
      JsonNode m = g.path("measures");
      System.out.printf("  %-6s %-6s %-8s %5d  %-25s %-25s %-25s%n", g.path("port").asText(), g.path("type").asText(),
          g.path("period").asText(), m.path("arrival_to_release").path("count").asInt(),
          stat(m.path("arrival_to_release")), stat(m.path("border_compliance")), stat(m.path("documentary_compliance")));
    }
    System.out.println("  shipments:");
    for (JsonNode s : report.path("shipments")) {
      JsonNode iv = s.path("intervalsHours");
      System.out.printf("    %s %s %s: arrival->release %s h, border %s h (arrival from %s)%n", s.path("port").asText(),
          s.path("type").asText(), s.path("declaration").asText(), iv.path("arrival_to_release").asText("-"),
          iv.path("border_compliance").asText("-"), s.path("arrivalSource").asText("-"));
    }
  }

  private static String stat(JsonNode m) {
    if (m.isMissingNode() || m.path("count").asInt() == 0) {
      return "-";
    }
    String s = "median " + m.path("medianHours").asText() + " p90 " + m.path("p90Hours").asText();
    if (m.has("medianWithinTarget")) {
      s += m.path("medianWithinTarget").asBoolean() ? " ok" : " OVER";
    }
    return s;
  }

  private static boolean verifyReceipt(ManagedChannel ch, BayTraceNode node, NodeConfig cfg, OrgRegistry registry,
      long index) {
    Receipt receipt;
    try {
      var r = LedgerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
          .getReceipt(GetReceiptRequest.newBuilder().setIndex(index).build());
      receipt = new Receipt(r.getRecord().toByteArray(), r.getLeafIndex(), r.getCheckpoint(),
          r.getInclusionProofList().stream().map(b -> b.toByteArray()).toList());
    } catch (StatusRuntimeException e) {
      throw new CliException(BayTrace.IO_ERROR, "demo: cannot fetch the receipt of entry " + index + ": " + e.getStatus());
    }
    // Offline from here: only the receipt JSON, the node's verifier key and the registry's keys.
    String json = receipt.toJson();
    String vkey = node.ledger().verifierKey().encode();
    Set<PublicKey> authorKeys = new HashSet<>();
    registry.orgs().forEach(o -> o.keys().forEach(k -> authorKeys.add(k.key())));
    System.out.printf("%nReceipt of entry %d (the specimen's dual-signed hand-over to %s), verified offline against%n"
        + "  the node's verifier key %s:%n", index, DemoScenario.GZ_LAB, vkey);
    try {
      ReceiptVerifier.Verified v = ReceiptVerifier.trusting(List.of(NoteVerifier.parse(vkey)), 1)
          .forOrigin(cfg.origin()).withAuthorKeys(authorKeys).verify(Receipt.fromJson(json));
      for (String check : v.checks()) {
        System.out.println("  ok  " + check);
      }
      System.out.printf("  VERIFIED: entry %d, %s, %d signatures, subjects %s, recorded %s%n", v.index(), v.record().kind(),
          v.record().signatures().size(), v.record().subjects(), Instant.ofEpochMilli(v.recordTimeUnixMillis()));
      return true;
    } catch (VerificationException e) {
      System.out.println("  FAILED: " + e.getMessage());
      return false;
    }
  }

  private HttpResponse<String> get(URI uri, String accept) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri).header("Accept", accept).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(URI base, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(base.resolve(path), "application/json");
    if (r.statusCode() != 200) {
      throw new CliException(BayTrace.FAILED, "demo: GET /" + path + ": " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("baytrace: demo: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
