package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.SignedCheckpointFile;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baytrace reseed} on a stopped member's data directory laid out as a node leaves it: a
 * RocksDB ledger store, the EPCIS projection, Ratis storage (log segments, term and vote,
 * configuration, the storage lock file) and the signed-checkpoint file. The copy from the other
 * members is {@code ClusterFaultIT}'s re-seed scenario.
 */
class ReseedCommandTest {
  private static final String ORIGIN = "baytrace.test/reseed";

  @TempDir Path dir;
  private Path data;
  private Path group;
  private String note;

  @BeforeEach
  void memberDataDirectory() throws IOException {
    data = dir.resolve("data");
    SigningKey nodeKey = SigningKey.generate();
    KeyFiles.savePrivate(nodeKey, dir.resolve("m1-node.key"));
    for (String m : List.of("m1", "m2", "m3")) {
      KeyFiles.savePublic(m.equals("m1") ? nodeKey.publicKey() : SigningKey.generate().publicKey(),
          dir.resolve(m + "-node.key.pub"));
    }
    StringBuilder toml = new StringBuilder("[node]\nname = \"m1\"\ndata_dir = \"data\"\nkey_file = \"m1-node.key\"\n\n"
        + "[ledger]\norigin = \"" + ORIGIN + "\"\n\n");
    for (int i = 1; i <= 3; i++) {
      toml.append("[[peers]]\nid = \"m").append(i).append("\"\ngrpc = \"127.0.0.1:5006").append(i)
          .append("\"\nraft = \"127.0.0.1:5007").append(i).append("\"\npublic_key_file = \"m").append(i)
          .append("-node.key.pub\"\n\n");
    }
    Files.writeString(dir.resolve("m1.toml"), toml);
    TreeHead head;
    try (LedgerStore store = LedgerStores.openRocksDb(data.resolve("ledger"))) {
      head = store.head();
    }
    note = new NoteSigner("m1", nodeKey).sign(new Checkpoint(ORIGIN, 7, head.root())).format();
    SignedCheckpointFile.in(data).write(note);
    Files.createDirectories(data.resolve("epcis"));
    Files.writeString(data.resolve("epcis").resolve("CURRENT"), "MANIFEST-000001\n");
    group = Files.createDirectories(data.resolve("raft").resolve("97b73b01-56c7-3180-94ca-3e9df8989f3d"));
    Files.createDirectories(group.resolve("sm"));
    Path current = Files.createDirectories(group.resolve("current"));
    for (String f : List.of("raft-meta", "raft-meta.conf", "log_0-41", "log_inprogress_42")) {
      Files.writeString(current.resolve(f), f);
    }
    Files.writeString(group.resolve("in_use.lock"), "");
  }

  @Test
  void reseed_setsLedgerProjectionAndRaftLogAside_keepingSignedCheckpointTermAndVote() throws IOException {
    Cli.Result r = Cli.run("reseed", "--config", dir.resolve("m1.toml").toString());

    assertEquals(BayTrace.OK, r.exitCode(), r.err());
    assertFalse(Files.exists(data.resolve("ledger")), "ledger store set aside");
    assertFalse(Files.exists(data.resolve("epcis")), "projection set aside");
    assertFalse(Files.exists(group.resolve("current").resolve("log_0-41")), "raft log set aside");
    assertFalse(Files.exists(group.resolve("current").resolve("log_inprogress_42")), "raft log set aside");
    assertEquals("raft-meta", Files.readString(group.resolve("current").resolve("raft-meta")), "term and vote kept");
    assertEquals("raft-meta.conf", Files.readString(group.resolve("current").resolve("raft-meta.conf")));
    assertEquals(note, Files.readString(data.resolve(SignedCheckpointFile.NAME)), "signed checkpoint kept");
    assertTrue(Files.exists(dir.resolve("m1-node.key")), "node key kept");
    List<Path> aside;
    try (Stream<Path> s = Files.list(data)) {
      aside = s.filter(p -> p.getFileName().toString().startsWith("reseed-")).toList();
    }
    assertEquals(1, aside.size(), "one reseed-<time> directory: " + aside);
    Path a = aside.get(0);
    try (LedgerStore store = LedgerStores.openRocksDb(a.resolve("ledger"))) {
      assertEquals(0, store.head().size(), "the store set aside is intact, for investigation");
    }
    assertTrue(Files.exists(a.resolve("epcis").resolve("CURRENT")));
    assertTrue(Files.exists(a.resolve(data.relativize(group)).resolve("current").resolve("log_0-41")));
    assertTrue(r.out().contains("size 7"), "names the checkpoint the copy must reach: " + r.out());
  }

  @Test
  void reseed_whileTheRaftStorageIsLocked_refusesAndMovesNothing() throws IOException {
    try (FileChannel ch = FileChannel.open(group.resolve("in_use.lock"), StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      assertTrue(held.isValid(), "a running member's Raft storage lock");
      Cli.Result r = Cli.run("reseed", "--config", dir.resolve("m1.toml").toString());

      assertEquals(BayTrace.FAILED, r.exitCode(), r.out());
      assertTrue(r.err().contains("is in use") && r.err().contains("stop the node"), r.err());
    }
    assertTrue(Files.isDirectory(data.resolve("ledger")));
    assertTrue(Files.exists(group.resolve("current").resolve("log_0-41")));
  }

  @Test
  void reseed_ofASingleNode_refusesAndPointsToTheBackup() throws IOException {
    Files.writeString(dir.resolve("single.toml"), "[node]\nname = \"m1\"\ndata_dir = \"data\"\nkey_file = \"m1-node.key\"\n\n"
        + "[ledger]\norigin = \"" + ORIGIN + "\"\n");

    Cli.Result r = Cli.run("reseed", "--config", dir.resolve("single.toml").toString());

    assertEquals(BayTrace.FAILED, r.exitCode(), r.out());
    assertTrue(r.err().contains("not a cluster member") && r.err().contains("backup"), r.err());
    assertTrue(Files.isDirectory(data.resolve("ledger")));
  }

  @Test
  void reseed_withAnUnreadableSignedCheckpoint_refusesAndMovesNothing() throws IOException {
    Files.writeString(data.resolve(SignedCheckpointFile.NAME), "not a note");

    Cli.Result r = Cli.run("reseed", "--data", data.toString());

    assertEquals(BayTrace.FAILED, r.exitCode(), r.out());
    assertTrue(r.err().contains("does not hold a readable checkpoint"), r.err());
    assertTrue(Files.isDirectory(data.resolve("ledger")));
  }
}
