package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.NodeKeys;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.SignedCheckpointFile;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that signed checkpoints before and cannot open its store at start tells a locked data
 * directory (another process has it; nothing is wrong with the disk) from a damaged one (refused
 * as not extending what it signed, with how to repair). Real RocksDB on a temp dir.
 */
class StoreOpenRefusalTest {
  @TempDir Path dir;
  private NodeConfig config;
  private long sizeLeft;

  @BeforeEach
  void aNodeThatSignedACheckpoint() throws Exception {
    config = LoopbackNodeConfig.in(dir);
    try (BayTraceNode node = start()) {
      SigningKey key = NodeKeys.loadOrGenerate(config);
      node.ledger().append(Records.sign(RecordBody.newBuilder().setOrigin(node.ledger().origin()).setKind("test.Event")
          .addSubjects("urn:test:1").setEventTimeUnixMillis(System.currentTimeMillis())
          .setAuthorOrg(BayTraceNode.LOCAL_ORG).setContentType("application/json")
          .setContent(ByteString.copyFromUtf8("{}")).build().toByteArray(), key));
    }
    assertTrue(SignedCheckpointFile.in(dir).read().isPresent(), "the node left its signed checkpoint");
    try (LedgerStore left = LedgerStores.openRocksDb(dir.resolve(BayTraceNode.LEDGER_DIR), false, n -> {})) {
      sizeLeft = left.size(); // its genesis and the record
    }
  }

  @Test
  void start_whileAnotherProcessHasTheStoreOpen_isRefusedAsLocked_notAsDamage() {
    try (LedgerStore running = LedgerStores.openRocksDb(dir.resolve(BayTraceNode.LEDGER_DIR), false, n -> {})) {
      LedgerException e = assertThrows(LedgerException.class, this::start);
      assertEquals(LedgerError.STORE_LOCKED, e.error(), e::toString);
      assertTrue(e.getMessage().contains("is another node running on it?"), e::getMessage);
      assertEquals(sizeLeft, running.size(), "the store in use is not disturbed");
    }
  }

  @Test
  void start_onAStoreThatCannotBeOpened_isRefusedAsNotExtendingTheSignedCheckpoint() throws Exception {
    Path ledger = dir.resolve(BayTraceNode.LEDGER_DIR);
    String manifest = Files.readString(ledger.resolve("CURRENT"), StandardCharsets.UTF_8).trim();
    Files.delete(ledger.resolve(manifest));

    LedgerException e = assertThrows(LedgerException.class, this::start);
    assertEquals(LedgerError.SIGNED_CHECKPOINT_NOT_EXTENDED, e.error(), e::toString);
    assertTrue(e.getMessage().contains("cannot be opened"), e::getMessage);
  }

  private BayTraceNode start() throws Exception {
    return BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }
}
