package org.baytrace.tracking.node;

import java.nio.file.Path;
import org.baytrace.config.HostPort;
import org.baytrace.config.NodeConfig;

/**
 * The embedded default for a node a test starts in-process: its data under a test directory and
 * every listener (gRPC, HTTP, admin) on a free loopback port, so that tests and other nodes on the
 * machine never collide on a fixed port.
 */
public final class LoopbackNodeConfig {
  private static final HostPort FREE_LOOPBACK_PORT = new HostPort("127.0.0.1", 0);

  private LoopbackNodeConfig() {}

  public static NodeConfig in(Path dataDir) {
    return NodeConfig.defaults().withDataDir(dataDir).withGrpcListen(FREE_LOOPBACK_PORT)
        .withHttpListen(FREE_LOOPBACK_PORT).withAdminListen(FREE_LOOPBACK_PORT);
  }
}
