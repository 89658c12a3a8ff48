package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five-minute tour of the README, against a node in its own process. */
class CommandLineIT {
  @TempDir Path work;

  @Test
  void tour_appendReceiptVerify_andTamperedReceiptFails() throws Exception {
    try (NodeProcess node = NodeProcess.start(work)) {
      String target = "127.0.0.1:" + node.grpcPort;
      Path records = work.resolve("records.jsonl");
      Files.writeString(records, String.join("\n",
          "{\"kind\":\"epcis.ObjectEvent\",\"subjects\":[\"https://id.gs1.org/01/09506000134352/10/L1\"],"
              + "\"eventTime\":\"2026-11-28T08:00:00Z\",\"content\":{\"bizStep\":\"commissioning\"}}",
          "{\"kind\":\"epcis.ObjectEvent\",\"subjects\":[\"https://id.gs1.org/01/09506000134352/10/L1\"],"
              + "\"eventTime\":\"2026-11-28T14:30:00Z\",\"content\":{\"bizStep\":\"shipping\"}}",
          "{\"kind\":\"epcis.ObjectEvent\",\"subjects\":[]}"), StandardCharsets.UTF_8);
      String key = work.resolve("data/node.key").toString();

      Cli.Result append = Cli.run("append", "-t", target, "--key", key, "--org", "local", "--file", records.toString());
      assertEquals(BayTrace.FAILED, append.exitCode(), "one line is refused, so the exit code says so");
      // Entry 0 is the embedded node's genesis: the records follow it.
      assertTrue(append.out().contains("line 1: index 1 leaf "), append.out());
      assertTrue(append.out().contains("line 2: index 2 leaf "), append.out());
      assertTrue(append.out().contains("line 3: not sent: subjects"), append.out());

      Cli.Result again = Cli.run("append", "-t", target, "--key", key, "--org", "local", "--file", records.toString());
      assertTrue(again.out().contains("line 2: index 2 leaf ") && again.out().contains("duplicate"), again.out());
      assertTrue(again.err().contains("0 appended, 2 already in the ledger (kept their indexes), 1 refused"), again.err());

      Cli.Result wrongOrg = Cli.run("append", "-t", target, "--key", key, "--org", "someone-else", "--kind", "x.Y",
          "--subject", "urn:test:1");
      assertEquals(BayTrace.FAILED, wrongOrg.exitCode());
      assertTrue(wrongOrg.out().contains("PERMISSION_DENIED"), wrongOrg.out());

      Cli.Result get = Cli.run("get", "-t", target, "2");
      assertEquals(0, get.exitCode());
      assertTrue(get.out().contains("\"bizStep\":\"shipping\""), get.out());

      Path receipt = work.resolve("receipt.json");
      assertEquals(0, Cli.run("receipt", "-t", target, "1", "--out", receipt.toString()).exitCode());
      String vkeys = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.httpPort + "/v1/ledger/vkeys")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Path trusted = work.resolve("trusted.vkeys");
      Files.writeString(trusted, vkeys);

      Cli.Result ok = Cli.run("verify", receipt.toString(), "--trust", trusted.toString());
      assertEquals(0, ok.exitCode(), ok.out() + ok.err());
      assertTrue(ok.out().contains("VERIFIED: entry 1"), ok.out());

      String json = Files.readString(receipt);
      Files.writeString(receipt, json.replace("\"leafIndex\":1", "\"leafIndex\":0"));
      Cli.Result bad = Cli.run("verify", receipt.toString(), "--trust", trusted.toString());
      assertEquals(BayTrace.FAILED, bad.exitCode());
      assertTrue(bad.out().contains("FAILED: INDEX_MISMATCH"), bad.out());

      Cli.Result consistency = Cli.run("consistency", "-t", target, "1", "2");
      assertEquals(0, consistency.exitCode());
      assertTrue(consistency.out().contains("\"consistencyProof\":["), consistency.out());

      Cli.Result checkpoint = Cli.run("checkpoint", "-t", target);
      assertEquals(List.of("baytrace.local/ledger", "3"), checkpoint.out().lines().limit(2).toList());

      Cli.Result bench = Cli.run("bench", "-t", target, "--key", key, "--records", "500", "--warmup", "100");
      assertEquals(0, bench.exitCode(), bench.err());
      String last = bench.out().lines().reduce((a, b) -> b).orElseThrow();
      assertTrue(last.matches("bench: 500 records, \\d+ rec/s, p50 [0-9.]+ ms, p99 [0-9.]+ ms, verify ceiling \\d+/s, ratio [0-9.]+, members 1, cluster ratio [0-9.]+"),
          last);
      java.util.regex.Matcher ratios = java.util.regex.Pattern.compile("ratio ([0-9.]+), members 1, cluster ratio ([0-9.]+)$")
          .matcher(last);
      assertTrue(ratios.find(), last);
      assertEquals(ratios.group(1), ratios.group(2), "a single node verifies each record once: the cluster ratio is the ratio");
      Cli.Result size = Cli.run("checkpoint", "-t", target);
      assertEquals("603", size.out().lines().skip(1).findFirst().orElseThrow(), "every bench record was appended");

      Cli.Result steady = Cli.run("bench", "-t", target, "--key", key, "--rate", "200", "--duration", "2s", "--warmup", "0");
      assertEquals(0, steady.exitCode(), steady.err());
      String line = steady.out().lines().reduce((a, b) -> b).orElseThrow();
      assertTrue(line.matches("bench: rate 200/s, 400 records in [0-9.]+ s, achieved \\d+ rec/s, p50 [0-9.]+ ms, p99 [0-9.]+ ms,"
          + " max [0-9.]+ ms"), line);
      double seconds = Double.parseDouble(line.replaceAll(".* records in ([0-9.]+) s.*", "$1"));
      assertTrue(seconds >= 1.99, "400 records at 200/s take at least 2 s of schedule, not as fast as possible: " + line);
      assertEquals("1003", Cli.run("checkpoint", "-t", target).out().lines().skip(1).findFirst().orElseThrow());
    }
  }

  @Test
  void launcher_runsFromAnyDirectory_andShowsErrorsOnStderr() throws Exception {
    Path launcher = Path.of("baytrace").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "checkpoint", "--target", "127.0.0.1:1")
        .directory(work.toFile()).redirectErrorStream(false);
    pb.environment().put("BAYTRACE_NO_BUILD", "1"); // never start a build inside this build
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(BayTrace.IO_ERROR, p.waitFor());
    assertTrue(err.contains("cannot reach a node at 127.0.0.1:1") && err.contains("baytrace node"), err);
  }
}
