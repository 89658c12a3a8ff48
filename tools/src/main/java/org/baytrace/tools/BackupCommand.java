package org.baytrace.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.baytrace.config.HostPort;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.OpsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backup", mixinStandardHelpOptions = true,
    description = {"Asks a running node, over its admin listener, for a backup: a consistent copy of its ledger"
        + " store and the signed checkpoint of exactly the tree in the copy, written by the node into --out (a new or"
        + " empty directory on the node's machine) while it keeps appending. Authenticated with the token the node"
        + " writes to admin.token in its data directory at each start.",
        "The backup holds no node key: keep node.key backed up on its own. Restore with baytrace restore."})
final class BackupCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New or empty directory for the backup.")
  Path out;

  @Option(names = "--admin", paramLabel = "HOST:PORT", description = "The node's admin listener (default: ${DEFAULT-VALUE}).")
  String admin = OpsSettings.DEFAULT_ADMIN_LISTEN.toString();

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "The node's admin token (default: data/" + OpsSettings.ADMIN_TOKEN_FILE + ").")
  Path tokenFile = Path.of(NodeConfig.DEFAULT_DATA_DIR, OpsSettings.ADMIN_TOKEN_FILE);

  @Override
  public Integer call() throws InterruptedException {
    HostPort target;
    try {
      target = HostPort.parse(admin);
    } catch (IllegalArgumentException e) {
      throw new CliException(BayTrace.USAGE, "--admin: " + e.getMessage());
    }
    String token;
    try {
      token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      throw new CliException(BayTrace.USAGE, "--token-file: " + tokenFile + " does not exist; want the "
          + OpsSettings.ADMIN_TOKEN_FILE + " the running node wrote in its data directory");
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "--token-file: cannot read " + tokenFile + ": " + e.getMessage());
    }
    Path dir = out.toAbsolutePath().normalize();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + target + OpsSettings.BACKUP_ROUTE + "?out="
            + URLEncoder.encode(dir.toString(), StandardCharsets.UTF_8)))
        .timeout(Duration.ofMinutes(30))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> answer;
    try {
      answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build()
          .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot reach the admin listener at " + target
          + ": is the node running, and is that its [admin] listen address (--admin)?");
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "backup via " + target + ": " + e.getMessage());
    }
    JsonNode json;
    try {
      json = JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new CliException(BayTrace.FAILED, "backup: the node answered " + answer.statusCode() + " with no JSON: "
          + answer.body());
    }
    if (answer.statusCode() != 200) {
      throw new CliException(answer.statusCode() == 401 || answer.statusCode() == 400 ? BayTrace.USAGE : BayTrace.FAILED,
          "backup refused (" + answer.statusCode() + " " + json.path("title").asText() + "): " + json.path("detail").asText());
    }
    System.out.printf("baytrace: backup: %s: ledger %s, tree size %,d, root %s%n", json.path("out").asText(),
        json.path("origin").asText(), json.path("treeSize").asLong(), json.path("rootHash").asText());
    System.out.printf("baytrace: backup: its signed checkpoint is in %s%n", dir.resolve("signed-checkpoint"));
    return BayTrace.OK;
  }
}
