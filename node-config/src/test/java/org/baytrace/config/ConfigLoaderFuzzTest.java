package org.baytrace.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the node file loader with arbitrary bytes as a node file: it either loads a
 * configuration or refuses with a {@link ConfigException} naming the file and the key, never
 * anything else. Seeds: {@code ConfigLoaderFuzzTestInputs/}; see docs/FUZZING.md.
 */
class ConfigLoaderFuzzTest {
  private static final Path FILE = tempFile();

  @FuzzTest(maxDuration = "10m")
  void anyNodeFile_loads_orIsRefusedNamingTheProblem(byte[] toml) throws IOException {
    Files.write(FILE, toml);
    try {
      NodeConfig config = NodeConfig.load(FILE);
      assertNotNull(config.origin());
      assertFalse(config.origin().isEmpty());
      assertNotNull(config.registry());
    } catch (ConfigException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isEmpty(), "a refusal says what is wrong");
    }
  }

  private static Path tempFile() {
    try {
      Path dir = Files.createTempDirectory("baytrace-config-fuzz");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("node.toml");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
