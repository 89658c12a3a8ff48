package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A BayTrace node run as a separate process from the built tools jar, on free loopback ports. */
final class NodeProcess implements AutoCloseable {
  private static final Pattern PORTS = Pattern.compile("gRPC on [^:]+:(\\d+), HTTP on http://[^:]+:(\\d+)/");
  private static final Pattern TREE_SIZE = Pattern.compile("baytrace: tree size (\\d+)");
  private static final Pattern VKEY = Pattern.compile("checkpoint verifier key (\\S+)");

  final Process process;
  final int grpcPort;
  final int httpPort;
  final String verifierKey;
  final List<String> output = new ArrayList<>();

  private NodeProcess(Process process, int grpcPort, int httpPort, String verifierKey) {
    this.process = process;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.verifierKey = verifierKey;
  }

  static Path toolsJar() {
    Path jar = Path.of(System.getProperty("baytrace.toolsJar", "target/baytrace-tools.jar"));
    assertTrue(Files.isRegularFile(jar), "built tools jar missing at " + jar + "; run mvn package first");
    return jar;
  }

  /** Starts {@code baytrace node} in {@code workDir} with the given extra arguments; waits until ready. */
  static NodeProcess start(Path workDir, String... args) throws IOException, InterruptedException {
    return startWithEnvironment(workDir, java.util.Map.of(), args);
  }

  /** As {@link #start}, with these environment variables added. */
  static NodeProcess startWithEnvironment(Path workDir, java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> nodeArgs = new ArrayList<>(List.of("--grpc", "127.0.0.1:0", "--http", "127.0.0.1:0",
        "--admin", "127.0.0.1:0"));
    nodeArgs.addAll(List.of(args));
    return launch(workDir, List.of(), nodeArgs, 60, env);
  }

  /**
   * Starts {@code baytrace node} in {@code workDir} with extra JVM options (say, a quicker start
   * for tests that start many nodes) and up to {@code startSeconds} to be ready.
   */
  static NodeProcess start(Path workDir, int startSeconds, List<String> jvmOptions) throws IOException, InterruptedException {
    return launch(workDir, jvmOptions, List.of("--grpc", "127.0.0.1:0", "--http", "127.0.0.1:0", "--admin", "127.0.0.1:0"),
        startSeconds, java.util.Map.of());
  }

  /** Starts {@code baytrace node} in {@code workDir} on the given gRPC port (a free HTTP port); waits until ready. */
  static NodeProcess startOnGrpcPort(Path workDir, int grpcPort) throws IOException, InterruptedException {
    return launch(workDir, List.of(), List.of("--grpc", "127.0.0.1:" + grpcPort, "--http", "127.0.0.1:0", "--admin",
        "127.0.0.1:0"), 60, java.util.Map.of());
  }

  /**
   * Starts {@code baytrace node --config FILE} in {@code workDir}, on the ports the file names
   * (a cluster member: its peers know its ports up front); waits up to {@code startSeconds} for
   * it to be ready.
   */
  static NodeProcess startConfigured(Path workDir, Path config, int startSeconds) throws IOException, InterruptedException {
    return launch(workDir, List.of(), List.of("--config", config.toAbsolutePath().toString()), startSeconds, java.util.Map.of());
  }

  /** As {@link #startConfigured(Path, Path, int)}, with extra JVM options. */
  static NodeProcess startConfigured(Path workDir, Path config, int startSeconds, List<String> jvmOptions)
      throws IOException, InterruptedException {
    return launch(workDir, jvmOptions, List.of("--config", config.toAbsolutePath().toString()), startSeconds, java.util.Map.of());
  }

  private static NodeProcess launch(Path workDir, List<String> jvmOptions, List<String> nodeArgs, int startSeconds,
      java.util.Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-Dbaytrace.home=" + Path.of("").toAbsolutePath().getParent(), "-jar",
        toolsJar().toAbsolutePath().toString(), "node"));
    cmd.addAll(nodeArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    int grpc = -1;
    int http = -1;
    String vkey = null;
    List<String> lines = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startSeconds);
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      Matcher m = PORTS.matcher(line);
      if (m.find()) {
        grpc = Integer.parseInt(m.group(1));
        http = Integer.parseInt(m.group(2));
      }
      Matcher v = VKEY.matcher(line);
      if (v.find()) {
        vkey = v.group(1);
      }
      if (line.endsWith("baytrace: ready") || System.nanoTime() > deadline) {
        break;
      }
    }
    if (grpc < 0 || vkey == null) {
      boolean hung = p.isAlive() && !p.waitFor(1, TimeUnit.SECONDS);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      throw new DidNotStart(lines, hung ? -1 : p.exitValue());
    }
    NodeProcess node = new NodeProcess(p, grpc, http, vkey);
    node.output.addAll(lines);
    // Keep draining output so the node never blocks on a full pipe.
    Thread drain = new Thread(() -> {
      try {
        String l;
        while ((l = out.readLine()) != null) {
          synchronized (node.output) {
            node.output.add(l);
          }
        }
      } catch (IOException e) {
        // process ended
      }
    }, "node-output");
    drain.setDaemon(true);
    drain.start();
    return node;
  }

  /** The node process ended (or hung) before it was ready: its output and exit code (-1 if it hung). */
  static final class DidNotStart extends AssertionError {
    private static final long serialVersionUID = 1L;
    final List<String> output;
    final int exitCode;

    DidNotStart(List<String> output, int exitCode) {
      super("node did not start (exit code " + exitCode + "):\n" + String.join("\n", output));
      this.output = List.copyOf(output);
      this.exitCode = exitCode;
    }
  }

  /** The tree size the node reported when it started ({@code baytrace: tree size N}). */
  long startSize() {
    synchronized (output) {
      for (String l : output) {
        Matcher m = TREE_SIZE.matcher(l);
        if (m.find()) {
          return Long.parseLong(m.group(1));
        }
      }
    }
    throw new AssertionError("node printed no tree size: " + output);
  }

  private static final Pattern ADMIN = Pattern.compile("baytrace: admin on https?://[^ ]+:(\\d+)/metrics");

  /** The admin listener's port the node printed when it started ({@code baytrace: admin on ...}). */
  int adminPort() {
    synchronized (output) {
      for (String l : output) {
        Matcher m = ADMIN.matcher(l);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
    }
    throw new AssertionError("node printed no admin port: " + output);
  }

  /** What the node printed so far. */
  String printed() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** SIGKILL: no shutdown hook, no flush. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the node with SIGTERM (its shutdown hook runs), or SIGKILL after 20 s. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
