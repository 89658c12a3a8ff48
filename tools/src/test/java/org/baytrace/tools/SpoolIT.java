package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crew without signal: records signed into a spool while the node is down, sent in order and once later. */
class SpoolIT {
  private static final String ORIGIN = "baytrace.local/ledger";
  private static final String DURIAN_LOT = "https://id.gs1.org/01/09506000134352/10/DURIAN-0425";

  @TempDir Path work;

  @Test
  void recordsSignedOffline_areKept_thenSentInOrder_once() throws Exception {
    int grpcPort;
    try (NodeProcess first = NodeProcess.start(work)) { // makes the node's key, then goes away
      grpcPort = first.grpcPort;
    }
    String target = "127.0.0.1:" + grpcPort;
    String key = work.resolve("data/node.key").toString();
    Path spool = work.resolve("spool");
    Path records = work.resolve("discharge.jsonl");
    Files.writeString(records, String.join("\n",
        line("arriving", "2026-11-28T08:00:00Z"),
        line("discharging", "2026-11-28T08:40:00Z")), StandardCharsets.UTF_8);

    Cli.Result offline = Cli.run("append", "-t", target, "--key", key, "--org", "local", "--origin", ORIGIN,
        "--spool", spool.toString(), "--file", records.toString());
    assertEquals(BayTrace.IO_ERROR, offline.exitCode(), offline.out() + offline.err());
    assertTrue(offline.err().contains("0 appended, 0 refused, 2 waiting in " + spool), offline.err());
    assertTrue(offline.err().contains("not reachable"), offline.err());
    assertEquals(List.of("000000000001.rec", "000000000002.rec"), names(spool.resolve("pending")));
    byte[] discharge = Files.readAllBytes(spool.resolve("pending/000000000002.rec"));

    try (NodeProcess node = NodeProcess.startOnGrpcPort(work, grpcPort)) {
      assertEquals(grpcPort, node.grpcPort);
      Cli.Result sent = Cli.run("append", "-t", target, "--spool", spool.toString());
      assertEquals(BayTrace.OK, sent.exitCode(), sent.out() + sent.err());
      // Entry 0 is the embedded node's genesis: the records follow it.
      assertTrue(sent.out().contains("000000000001.rec: index 1 leaf "), sent.out());
      assertTrue(sent.out().contains("000000000002.rec: index 2 leaf "), sent.out());
      assertEquals(List.of(), names(spool.resolve("pending")));
      assertEquals(2, Files.readAllLines(spool.resolve("sent.log")).size());

      Cli.Result nothingLeft = Cli.run("append", "-t", target, "--spool", spool.toString());
      assertEquals(BayTrace.OK, nothingLeft.exitCode());
      assertTrue(nothingLeft.err().contains("0 appended, 0 refused, 0 waiting"), nothingLeft.err());

      // A crash after the acknowledgement but before the record left the spool: sent again, the
      // ledger answers with its first index and stores nothing new.
      Files.write(spool.resolve("pending/000000000002.rec"), discharge);
      Cli.Result again = Cli.run("append", "-t", target, "--spool", spool.toString());
      assertTrue(again.out().contains("000000000002.rec: index 2 leaf ") && again.out().contains("duplicate"), again.out());
      assertEquals("3", Cli.run("checkpoint", "-t", target).out().lines().skip(1).findFirst().orElseThrow(),
          "the genesis, and each record once");

      // A record the node refuses for good is moved aside with its reason, not sent forever.
      Cli.Result wrongOrg = Cli.run("append", "-t", target, "--key", key, "--org", "someone-else", "--spool",
          spool.toString(), "--kind", "x.Y", "--subject", "urn:test:1");
      assertEquals(BayTrace.FAILED, wrongOrg.exitCode(), wrongOrg.out() + wrongOrg.err());
      assertEquals(List.of("000000000003.rec", "000000000003.rec.reason"), names(spool.resolve("refused")));
      assertTrue(Files.readString(spool.resolve("refused/000000000003.rec.reason")).startsWith("PERMISSION_DENIED"));
    }
  }

  @Test
  void offlineWithoutOrigin_saysHowToSignOffline() throws Exception {
    Path key = work.resolve("k.key");
    assertEquals(0, Cli.run("keygen", "--out", key.toString()).exitCode());
    Cli.Result r = Cli.run("append", "-t", "127.0.0.1:1", "--key", key.toString(), "--org", "local",
        "--spool", work.resolve("spool").toString(), "--kind", "x.Y", "--subject", "urn:test:1");
    assertEquals(BayTrace.IO_ERROR, r.exitCode());
    assertTrue(r.err().contains("pass --origin ORIGIN"), r.err());
  }

  private static String line(String bizStep, String time) {
    return "{\"kind\":\"epcis.ObjectEvent\",\"subjects\":[\"" + DURIAN_LOT + "\"],\"eventTime\":\"" + time
        + "\",\"content\":{\"bizStep\":\"" + bizStep + "\"}}";
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
