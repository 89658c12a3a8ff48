package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.witness.AddCheckpoint;
import org.baytrace.ledger.witness.CosignatureSigner;
import org.baytrace.ledger.witness.Witness;
import org.baytrace.ledger.witness.WitnessState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code baytrace verify --min-witnesses K}: a receipt's checkpoint must carry K trusted cosignatures. */
class VerifyWitnessesTest {
  @TempDir
  Path dir;

  @Test
  void receipt_withAWitnessCosignature_passesMinWitnesses_andFailsWithoutATrustedOne() throws Exception {
    NoteSigner node = new NoteSigner("port-node", SigningKey.generate());
    CosignatureSigner customs = new CosignatureSigner("customs.example/witness", SigningKey.generate());
    CosignatureSigner stranger = new CosignatureSigner("stranger.example/witness", SigningKey.generate());
    SigningKey author = SigningKey.generate();
    try (Ledger ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, node, AuthorPolicy.anyKey()), LedgerStores.inMemory())) {
      ledger.append(TestRecords.signed(author, "org1", List.of("lot-1"), "a"));
      ledger.append(TestRecords.signed(author, "org1", List.of("lot-1"), "b"));
      Witness witness = new Witness(customs, Map.of(TestRecords.ORIGIN, List.of(node.verifier())),
          WitnessState.open(dir.resolve("state")), Clock.systemUTC());
      String plain = ledger.receipt(1, 2).toJson();
      Witness.Answer a = witness.addCheckpoint(new AddCheckpoint(0, List.of(), ledger.checkpointAt(2)).encode());
      assertEquals(200, a.status(), a.body());
      SignedNote merged = SignedNote.parse(ledger.checkpointAt(2)).merge(SignedNote.parse(ledger.checkpointAt(2) + a.body()));
      ledger.storeCosigned(ledger.head().size(), merged.format());
      Path cosigned = Files.writeString(dir.resolve("cosigned.json"), ledger.receipt(1, 2).toJson());
      Path bare = Files.writeString(dir.resolve("bare.json"), plain);
      String vkey = node.verifier().encode();

      Cli.Result ok = Cli.run("verify", cosigned.toString(), "--trust", vkey, "--witness", customs.verifier().encode(),
          "--min-witnesses", "1");
      assertEquals(BayTrace.OK, ok.exitCode(), ok.out() + ok.err());
      assertTrue(ok.out().contains("cosigned by 1 trusted witnesses [customs.example/witness]"), ok.out());

      Cli.Result noCosig = Cli.run("verify", bare.toString(), "--trust", vkey, "--witness", customs.verifier().encode(),
          "--min-witnesses", "1");
      assertEquals(BayTrace.FAILED, noCosig.exitCode(), noCosig.out());
      Cli.Result untrusted = Cli.run("verify", cosigned.toString(), "--trust", vkey, "--witness",
          stranger.verifier().encode(), "--min-witnesses", "1");
      assertEquals(BayTrace.FAILED, untrusted.exitCode(), untrusted.out());
      assertEquals(BayTrace.USAGE, Cli.run("verify", cosigned.toString(), "--trust", vkey, "--witness",
          customs.verifier().encode(), "--min-witnesses", "2").exitCode());
    }
  }
}
