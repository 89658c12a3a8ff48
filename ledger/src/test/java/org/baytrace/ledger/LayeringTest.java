package org.baytrace.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ledger stays usable as a plain library by an offline verifier (DESIGN §1): no gRPC or
 * JAX-RS anywhere in it, and the pure core (hashing, proofs, records, checkpoints, receipts)
 * touches no storage.
 */
class LayeringTest {
  private static final Path MAIN = Path.of("src/main/java/org/baytrace/ledger");
  private static final List<String> PURE = List.of("crypto", "merkle", "record", "leaf", "checkpoint", "receipt", "verify", "error");

  @Test
  void ledger_importsNoGrpcAndNoJaxRs() throws IOException {
    assertEquals(List.of(), offending(MAIN, List.of("import io.grpc", "import jakarta.ws.rs", "import javax.ws.rs")));
  }

  @Test
  void pureCore_importsNoStorage() throws IOException {
    for (String pkg : PURE) {
      assertEquals(List.of(), offending(MAIN.resolve(pkg), List.of("import org.rocksdb", "import org.baytrace.ledger.store",
          "import org.baytrace.ledger.sequencer")), pkg);
    }
  }

  private static List<String> offending(Path dir, List<String> banned) throws IOException {
    assertTrue(Files.isDirectory(dir), "run from the ledger module: " + dir.toAbsolutePath());
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(f)) {
          for (String b : banned) {
            if (line.startsWith(b)) {
              out.add(dir.relativize(f) + ": " + line);
            }
          }
        }
      }
    }
    return out;
  }
}
