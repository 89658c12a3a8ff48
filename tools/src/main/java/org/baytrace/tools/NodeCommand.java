package org.baytrace.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.baytrace.config.ConfigException;
import org.baytrace.config.HostPort;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.node.admin.NodeLogging;
import org.baytrace.tracking.node.BayTraceNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "node", mixinStandardHelpOptions = true,
    description = {"Runs a BayTrace node until interrupted (Ctrl-C or SIGTERM).",
        "Without --config: the embedded single-node default, data in ./data, gRPC on 127.0.0.1:50051,"
            + " HTTP on 127.0.0.1:8080, a node key generated on first start."})
final class NodeCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "Node configuration file (TOML); see node-config/examples/.")
  Path config;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory (overrides the config).")
  Path data;

  @Option(names = "--grpc", paramLabel = "HOST:PORT", description = "gRPC listen address (overrides the config).")
  String grpc;

  @Option(names = "--http", paramLabel = "HOST:PORT", description = "HTTP listen address (overrides the config).")
  String http;

  @Option(names = "--admin", paramLabel = "HOST:PORT",
      description = "Admin listen address for /metrics, /healthz, /readyz; loopback only (overrides the config).")
  String admin;

  @Option(names = "--log-format", paramLabel = "FORMAT",
      description = "text or json (one JSON object per line, with request ids); overrides [log] format.")
  String logFormat;

  @Override
  public Integer call() throws Exception {
    NodeConfig cfg;
    try {
      cfg = config == null ? NodeConfig.defaults() : NodeConfig.load(config);
      if (data != null) {
        cfg = cfg.withDataDir(data);
      }
      if (grpc != null) {
        cfg = cfg.withGrpcListen(HostPort.parse(grpc));
      }
      if (http != null) {
        cfg = cfg.withHttpListen(HostPort.parse(http));
      }
      if (admin != null) {
        cfg = cfg.withAdminListen(HostPort.parse(admin));
      }
    } catch (ConfigException e) {
      throw new CliException(BayTrace.USAGE, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliException(BayTrace.USAGE, e.getMessage());
    }
    if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
      throw new CliException(BayTrace.USAGE, "--log-format: got \"" + logFormat + "\", want text or json");
    }
    NodeLogging.install(logFormat != null ? logFormat.equals("json") : cfg.ops().jsonLogs());
    BayTraceNode node;
    try {
      node = BayTraceNode.start(cfg, System.err);
    } catch (LedgerException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot start: " + e.getMessage());
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot start: " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("baytrace: stopping node");
      node.close();
      stopped.countDown();
    }, "baytrace-shutdown"));
    System.out.printf("baytrace: node %s serving ledger %s%n", cfg.nodeName(), cfg.origin());
    System.out.printf("baytrace: tree size %d%n", node.ledger().head().size());
    System.out.printf("baytrace: gRPC on %s:%d, HTTP on %s://%s:%d/v1/ledger/checkpoint%n",
        cfg.grpcListen().host(), node.grpcPort(), cfg.transport().httpTls().isPresent() ? "https" : "http",
        cfg.httpListen().host(), node.httpPort());
    System.out.printf("baytrace: admin on %s://%s:%d/metrics (also /healthz, /readyz, POST /admin/backup)%n",
        cfg.ops().adminTls().isPresent() ? "https" : "http", cfg.ops().adminListen().host(), node.adminPort());
    System.out.printf("baytrace: checkpoint verifier key %s%n", node.ledger().verifierKey().encode());
    System.out.println("baytrace: ready");
    System.out.flush();
    stopped.await();
    return BayTrace.OK;
  }
}
