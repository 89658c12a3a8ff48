package org.baytrace.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs every JSON proof vector of transparency-dev/merkle ({@code testdata/}, Apache-2.0), kept
 * outside the project in {@code shared/testdata/merkle/}: inclusion and consistency proofs of
 * RFC 6962/9162, each a happy path or a tampered case (the folder's subtree proofs are not read:
 * the ledger does not use them). A vector with {@code wantErr} must
 * make the verifier throw {@link VerificationException}; any other must verify.
 *
 * <p>The folder is found by walking up from the working directory to the first ancestor with a
 * {@code shared/testdata/merkle} directory, or taken from the system property
 * {@value #DIR_PROPERTY}. If it is missing the test fails: it never passes vacuously.
 */
class TransparencyDevVectorsTest {
  static final String DIR_PROPERTY = "baytrace.testdata.merkle";

  /** Vector kinds: one folder each. Minimums sit a little below today's counts. */
  enum Kind {
    INCLUSION("inclusion", 90),
    CONSISTENCY("consistency", 90);

    final String folder;
    final int minimum;

    Kind(String folder, int minimum) {
      this.folder = folder;
      this.minimum = minimum;
    }
  }

  private static final int MINIMUM_TOTAL = 190;
  /** Subtree proofs (Merkle Tree Certificates draft): the ledger has no verifier for them. */
  private static final Set<String> SKIPPED_FOLDERS = Set.of("subtreeinclusion", "subtreeconsistency");

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  record InclusionVector(
      BigInteger leafIdx, BigInteger treeSize, String root, String leafHash, List<String> proof,
      String desc, boolean wantErr) {}

  record ConsistencyVector(
      BigInteger size1, BigInteger size2, String root1, String root2, List<String> proof,
      String desc, boolean wantErr) {}

  /** A parsed vector: what it expects, and the verification it describes. */
  private record Vector(boolean wantErr, Executable verification) {}

  @TestFactory
  Stream<DynamicNode> everyVector_verifiesUnlessItWantsAnError() throws IOException {
    Path dir = vectorDirectory();
    Map<Kind, List<Path>> files = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      files.put(kind, new ArrayList<>());
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList())) {
        Path relative = dir.relativize(file);
        if (SKIPPED_FOLDERS.contains(relative.getName(0).toString())) {
          continue;
        }
        Kind kind = kindOf(relative);
        files.get(kind).add(file);
      }
    }

    int total = 0;
    List<DynamicNode> containers = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      List<Path> kindFiles = files.get(kind);
      total += kindFiles.size();
      if (kindFiles.size() < kind.minimum) {
        fail(dir.resolve(kind.folder) + ": found " + kindFiles.size() + " vectors, want at least " + kind.minimum);
      }
      int wantErr = 0;
      List<DynamicTest> tests = new ArrayList<>();
      for (Path file : kindFiles) {
        Vector vector = parse(kind, file);
        wantErr += vector.wantErr() ? 1 : 0;
        String name = dir.relativize(file).toString().replace('\\', '/');
        tests.add(DynamicTest.dynamicTest(name, file.toUri(), () -> check(name, vector)));
      }
      if (wantErr == 0 || wantErr == kindFiles.size()) {
        fail(kind.folder + ": " + wantErr + " of " + kindFiles.size()
            + " vectors want an error; want both happy paths and tampered cases");
      }
      containers.add(DynamicContainer.dynamicContainer(kind.folder, tests));
    }
    assertTrue(total >= MINIMUM_TOTAL, "found " + total + " vectors in " + dir + ", want at least " + MINIMUM_TOTAL);
    return containers.stream();
  }

  private static void check(String name, Vector vector) {
    if (vector.wantErr()) {
      assertThrows(VerificationException.class, vector.verification(), name + " wants a VerificationException");
    } else {
      assertDoesNotThrow(vector.verification(), name + " must verify");
    }
  }

  private static Vector parse(Kind kind, Path file) throws IOException {
    switch (kind) {
      case INCLUSION: {
        InclusionVector v = JSON.readValue(file.toFile(), InclusionVector.class);
        long index = u64(v.leafIdx(), file);
        long size = u64(v.treeSize(), file);
        byte[] leaf = b64(v.leafHash());
        byte[] root = b64(v.root());
        List<byte[]> proof = proof(v.proof());
        return new Vector(v.wantErr(), () -> MerkleVerifier.verifyInclusion(index, size, leaf, proof, root));
      }
      case CONSISTENCY: {
        ConsistencyVector v = JSON.readValue(file.toFile(), ConsistencyVector.class);
        long size1 = u64(v.size1(), file);
        long size2 = u64(v.size2(), file);
        byte[] root1 = b64(v.root1());
        byte[] root2 = b64(v.root2());
        List<byte[]> proof = proof(v.proof());
        return new Vector(v.wantErr(), () -> MerkleVerifier.verifyConsistency(size1, size2, root1, root2, proof));
      }
      default:
        throw new AssertionError(kind);
    }
  }

  private static Kind kindOf(Path relative) {
    String folder = relative.getName(0).toString();
    for (Kind kind : Kind.values()) {
      if (kind.folder.equals(folder) && relative.getNameCount() > 1) {
        return kind;
      }
    }
    return fail(relative + ": a vector outside the known folders; teach this test its format");
  }

  /** An unsigned 64-bit JSON number as the long that carries it (2^63 and above wrap negative). */
  private static long u64(BigInteger value, Path file) {
    if (value == null || value.signum() < 0 || value.bitLength() > 64) {
      return fail(file + ": " + value + " is not an unsigned 64-bit number");
    }
    return value.longValue();
  }

  private static byte[] b64(String value) {
    return value == null ? null : Base64.getDecoder().decode(value);
  }

  private static List<byte[]> proof(List<String> hashes) {
    if (hashes == null) {
      return null;
    }
    List<byte[]> out = new ArrayList<>(hashes.size());
    for (String h : hashes) {
      out.add(b64(h));
    }
    return out;
  }

  /** {@code shared/testdata/merkle}: from the system property, else the nearest ancestor that has it. */
  static Path vectorDirectory() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path dir = Paths.get(configured).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        fail(DIR_PROPERTY + "=" + configured + " is not a directory");
      }
      return dir;
    }
    Path start = Paths.get("").toAbsolutePath().normalize();
    for (Path at = start; at != null; at = at.getParent()) {
      Path candidate = at.resolve("shared").resolve("testdata").resolve("merkle");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return fail("no shared/testdata/merkle in " + start + " or any parent directory; the transparency-dev "
        + "proof vectors must sit next to the project (see shared/testdata/README.md), or set -D"
        + DIR_PROPERTY + "=<dir>");
  }
}
