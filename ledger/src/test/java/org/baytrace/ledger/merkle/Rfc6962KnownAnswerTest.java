package org.baytrace.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.baytrace.ledger.crypto.Hash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers: the RFC 6962 test vector used by certificate-transparency and transparency-dev
 * (eight leaves, the roots of sizes 1 to 8, and the classic inclusion and consistency proofs).
 *
 * <p>Each value can be reproduced in bash with coreutils and xxd, using two helpers that take and
 * print hex:
 * <pre>
 *   L() { printf '00%s' "$1" | xxd -r -p | sha256sum | cut -c1-64; }        # leaf hash of hex bytes
 *   N() { printf '01%s%s' "$1" "$2" | xxd -r -p | sha256sum | cut -c1-64; } # node hash of two hashes
 * </pre>
 */
class Rfc6962KnownAnswerTest {
  /** The eight leaves of the RFC 6962 test vector, hex. */
  static final List<String> LEAVES = List.of(
      "",
      "00",
      "10",
      "2021",
      "3031",
      "40414243",
      "5051525354555657",
      "606162636465666768696a6b6c6d6e6f");

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void emptyTree_rootIsSha256OfTheEmptyString() {
    // printf '' | sha256sum
    Hash32 want = Hash32.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertEquals(want, Rfc9162.EMPTY_ROOT);
    assertEquals(want, Frontier.empty().root());
    assertEquals(want, ProofPlan.root(0, node -> {
      throw new AssertionError("the empty tree needs no reads, but " + node + " was read");
    }));
  }

  @Test
  void emptyLeaf_hashIsSha256OfTheLeafPrefix() {
    // printf '\x00' | sha256sum
    assertEquals(Hash32.fromHex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
        Rfc9162.leafHash(new byte[0]));
  }

  @Test
  void leafAndNodeHashes_useTheirDomainPrefixes() {
    // printf '\x00\x00' | sha256sum      (L 00)
    assertEquals(Hash32.fromHex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
        Rfc9162.leafHash(new byte[] {0x00}));
    // N $(L '') $(L 00), i.e. (printf '\x01'; printf '\x00' | openssl dgst -sha256 -binary;
    //   printf '\x00\x00' | openssl dgst -sha256 -binary) | sha256sum
    assertEquals(Hash32.fromHex("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
        Rfc9162.nodeHash(Rfc9162.leafHash(new byte[0]), Rfc9162.leafHash(new byte[] {0x00})));
  }

  static Stream<Arguments> rfc6962Roots() {
    return Stream.of(
        // L ''
        Arguments.of(1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
        // N $(L '') $(L 00)
        Arguments.of(2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
        // N $(N $(L '') $(L 00)) $(L 10)
        Arguments.of(3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
        // N $(N $(L '') $(L 00)) $(N $(L 10) $(L 2021))
        Arguments.of(4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        // N $(N $(N $(L '') $(L 00)) $(N $(L 10) $(L 2021))) $(L 3031)
        Arguments.of(5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
        // N $(N $(N $(L '') $(L 00)) $(N $(L 10) $(L 2021))) $(N $(L 3031) $(L 40414243))
        Arguments.of(6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
        // N $(N $(N $(L '') $(L 00)) $(N $(L 10) $(L 2021))) $(N $(N $(L 3031) $(L 40414243)) $(L 5051525354555657))
        Arguments.of(7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
        // N $(N $(N $(L '') $(L 00)) $(N $(L 10) $(L 2021))) $(N $(N $(L 3031) $(L 40414243))
        //   $(N $(L 5051525354555657) $(L 606162636465666768696a6b6c6d6e6f)))
        Arguments.of(8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));
  }

  @ParameterizedTest(name = "size {0}: {1}")
  @MethodSource("rfc6962Roots")
  void rfc6962Vector_rootOfEachSize_matchesKnownAnswer(int size, String rootHex) {
    Hash32 want = Hash32.fromHex(rootHex);
    Kat kat = new Kat();
    assertEquals(want, kat.frontierRoots.get(size), "Frontier.root()");
    assertEquals(want, ProofPlan.root(size, kat.readerAt(size)), "ProofPlan.root from stored nodes");
    assertEquals(want, Frontier.load(size, kat.readerAt(size)).root(), "Frontier.load(...).root()");
    assertEquals(want, kat.reference.root(size), "reference MTH");
  }

  static Stream<Arguments> rfc6962InclusionProofs() {
    return Stream.of(
        // leaf 0 of 8: L 00; N $(L 10) $(L 2021);
        //   N $(N $(L 3031) $(L 40414243)) $(N $(L 5051525354555657) $(L 6061...6e6f))
        Arguments.of(0, 8, List.of(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        // leaf 5 of 8: L 3031; N $(L 5051525354555657) $(L 6061...6e6f); root of size 4
        Arguments.of(5, 8, List.of(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
        // leaf 2 of 3: root of size 2
        Arguments.of(2, 3, List.of(
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
        // leaf 1 of 5: L ''; N $(L 10) $(L 2021); L 3031
        Arguments.of(1, 5, List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));
  }

  @ParameterizedTest(name = "leaf {0} of {1}")
  @MethodSource("rfc6962InclusionProofs")
  void rfc6962Vector_inclusionProof_isPlannedAndVerifiedAsKnown(int index, int size, List<String> proofHex) {
    Kat kat = new Kat();
    List<Hash32> want = hashes(proofHex);
    assertEquals(want, ProofPlan.resolveAll(ProofPlan.inclusion(index, size), kat.readerAt(size)));
    assertEquals(want, kat.reference.path(index, 0, size));
    assertDoesNotThrow(() -> MerkleVerifier.verifyInclusion(index, size, kat.leafHashes.get(index),
        TestTree.bytes(want), kat.reference.root(size)));
  }

  static Stream<Arguments> rfc6962ConsistencyProofs() {
    return Stream.of(
        // 1 -> 8: L 00; N $(L 10) $(L 2021);
        //   N $(N $(L 3031) $(L 40414243)) $(N $(L 5051525354555657) $(L 6061...6e6f))
        Arguments.of(1, 8, List.of(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        // 6 -> 8: N $(L 3031) $(L 40414243); N $(L 5051525354555657) $(L 6061...6e6f); root of size 4
        Arguments.of(6, 8, List.of(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
        // 2 -> 5: N $(L 10) $(L 2021); L 3031
        Arguments.of(2, 5, List.of(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
        // 6 -> 7: N $(L 3031) $(L 40414243); L 5051525354555657; root of size 4
        Arguments.of(6, 7, List.of(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("rfc6962ConsistencyProofs")
  void rfc6962Vector_consistencyProof_isPlannedAndVerifiedAsKnown(int from, int to, List<String> proofHex) {
    Kat kat = new Kat();
    List<Hash32> want = hashes(proofHex);
    assertEquals(want, ProofPlan.resolveAll(ProofPlan.consistency(from, to), kat.readerAt(to)));
    assertEquals(want, kat.reference.proof(from, to));
    assertDoesNotThrow(() -> MerkleVerifier.verifyConsistency(from, to, kat.reference.root(from),
        kat.reference.root(to), TestTree.bytes(want)));
  }

  private static List<Hash32> hashes(List<String> hex) {
    List<Hash32> out = new ArrayList<>(hex.size());
    for (String h : hex) {
      out.add(Hash32.fromHex(h));
    }
    return out;
  }

  /** The eight test-vector leaves fed through a Frontier, with the nodes it completed. */
  private static final class Kat {
    final List<Hash32> leafHashes = new ArrayList<>();
    final Map<NodeId, Hash32> stored = new HashMap<>();
    final List<Hash32> frontierRoots = new ArrayList<>();
    final ReferenceMerkle reference;

    Kat() {
      Frontier frontier = Frontier.empty();
      frontierRoots.add(frontier.root());
      for (String leaf : LEAVES) {
        Hash32 hash = Rfc9162.leafHash(HEX.parseHex(leaf));
        leafHashes.add(hash);
        for (Frontier.Node node : frontier.append(hash)) {
          stored.put(node.id(), node.hash());
        }
        frontierRoots.add(frontier.root());
      }
      reference = new ReferenceMerkle(leafHashes);
    }

    TestTree.CountingReader readerAt(long size) {
      return new TestTree.CountingReader(stored, size);
    }
  }
}
