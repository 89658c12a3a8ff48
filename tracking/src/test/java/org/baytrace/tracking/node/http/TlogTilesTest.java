package org.baytrace.tracking.node.http;

import static org.baytrace.tracking.node.http.HttpFixture.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.record.ParsedRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log read as C2SP tlog-tiles by a client written here from the spec alone: its own tile path
 * encoding, its own SHA-256 Merkle hashing, nothing from the serving code. It recomputes the
 * served checkpoint's root from the tiles, checks every level-1 hash against the level-0 tile it
 * covers, and every entry in every bundle against its level-0 leaf hash.
 */
class TlogTilesTest {
  /** Two full level-0 tiles and a partial one of 88; a partial level-1 tile of 2. */
  private static final int ENTRIES = 600;

  @TempDir
  Path dir;
  HttpFixture f;

  @BeforeEach
  void start() {
    f = new HttpFixture(dir);
    List<ParsedRecord> batch = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      batch.add(f.ledger.check(TestRecords.signed(f.author, "org1", List.of("lot-" + (i % 7)), "tile-" + i)));
      if (batch.size() == 200) {
        f.ledger.append(batch);
        batch.clear();
      }
    }
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void checkpointRoot_isRecomputedFromTheTilesAlone() throws Exception {
    HttpResponse<byte[]> cp = fetch("/checkpoint");
    assertEquals(200, cp.statusCode());
    assertEquals("text/plain;charset=utf-8", header(cp, "Content-Type").replace(" ", "").toLowerCase());
    String note = new String(cp.body(), StandardCharsets.UTF_8);
    CheckpointVerifier.verify(note, TestRecords.ORIGIN, List.of(f.node.verifier()), 1);
    String[] lines = note.split("\n");
    long size = Long.parseLong(lines[1]);
    byte[] root = Base64.getDecoder().decode(lines[2]);
    assertEquals(ENTRIES, size);

    List<byte[]> leaves = levelHashes(0, size);
    assertEquals(ENTRIES, leaves.size());
    List<byte[]> level1 = levelHashes(1, size);
    assertEquals(size / 256, level1.size());
    for (int i = 0; i < level1.size(); i++) {
      assertArrayEquals(mth(leaves.subList(i * 256, (i + 1) * 256)), level1.get(i), "level-1 hash " + i);
    }
    assertArrayEquals(root, mth(leaves), "root from the level-0 tiles");
    // And as a tile client does it: whole 256-leaf subtrees from level 1, the rest from level 0.
    Map<Long, byte[]> subtrees = new HashMap<>();
    for (int i = 0; i < level1.size(); i++) {
      subtrees.put((long) i * 256, level1.get(i));
    }
    assertArrayEquals(root, rootFromTiles(0, size, leaves, subtrees), "root from level-1 and level-0 tiles");
  }

  @Test
  void everyBundledEntry_hashesToItsLevel0TileHash() throws Exception {
    long size = ENTRIES;
    List<byte[]> leaves = levelHashes(0, size);
    int checked = 0;
    for (long n = 0; n * 256 < size; n++) {
      long width = Math.min(256, size - n * 256);
      HttpResponse<byte[]> r = fetch("/tile/entries/" + indexPath(n) + (width < 256 ? ".p/" + width : ""));
      assertEquals(200, r.statusCode());
      assertEquals("application/octet-stream", header(r, "Content-Type"));
      byte[] b = r.body();
      int at = 0;
      int i = 0;
      while (at < b.length) {
        int len = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
        byte[] entry = Arrays.copyOfRange(b, at + 2, at + 2 + len);
        at += 2 + len;
        long index = n * 256 + i++;
        assertArrayEquals(leaves.get((int) index), leafHash(entry), "entry " + index);
        assertArrayEquals(f.ledger.entry(index).leaf(), entry, "entry " + index + " bytes");
        checked++;
      }
      assertEquals(width, i, "entries in bundle " + n);
    }
    assertEquals(ENTRIES, checked);
  }

  @Test
  void fullTiles_areImmutable_partialOnesShortCached() {
    HttpResponse<byte[]> full = fetch("/tile/0/001");
    assertEquals(8192, full.body().length);
    assertEquals("public, max-age=31536000, immutable", header(full, "Cache-Control"));
    HttpResponse<byte[]> partial = fetch("/tile/0/002.p/88");
    assertEquals(88 * 32, partial.body().length);
    assertTrue(header(partial, "Cache-Control").matches("public, max-age=\\d{1,3}"), header(partial, "Cache-Control"));
    assertEquals("public, max-age=31536000, immutable", header(fetch("/tile/entries/000"), "Cache-Control"));
  }

  @Test
  void tilesBeyondTheLog_andOtherSpellings_areNotFound() {
    for (String p : List.of("/tile/0/002", "/tile/0/002.p/89", "/tile/1/000", "/tile/2/000.p/1", "/tile/entries/003.p/1",
        "/tile/0/x001/x234/067", "/tile/0/1", "/tile/0/x000/001", "/tile/0/000.p/256", "/tile/64/000", "/tile/0/000.p/0")) {
      HttpResponse<byte[]> r = fetch(p);
      assertEquals(404, r.statusCode(), p + ": " + new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  // ---- a tlog-tiles client, written from the spec ----

  /** Every hash at tile level {@code level} of a tree of {@code size}: full tiles, then the partial one. */
  private List<byte[]> levelHashes(int level, long size) {
    long perHash = 1L << (8 * level);
    long hashes = size / perHash;
    List<byte[]> out = new ArrayList<>();
    for (long n = 0; n * 256 < hashes; n++) {
      long width = Math.min(256, hashes - n * 256);
      HttpResponse<byte[]> r = fetch("/tile/" + level + "/" + indexPath(n) + (width < 256 ? ".p/" + width : ""));
      assertEquals(200, r.statusCode(), "tile " + level + "/" + n);
      assertEquals(width * 32, r.body().length);
      for (int i = 0; i < width; i++) {
        out.add(Arrays.copyOfRange(r.body(), i * 32, i * 32 + 32));
      }
    }
    return out;
  }

  /** {@code 1234067} → {@code x001/x234/067}. */
  static String indexPath(long n) {
    StringBuilder groups = new StringBuilder(String.format("%03d", n % 1000));
    for (long rest = n / 1000; rest > 0; rest /= 1000) {
      groups.insert(0, String.format("x%03d/", rest % 1000));
    }
    return groups.toString();
  }

  private byte[] rootFromTiles(long lo, long hi, List<byte[]> leaves, Map<Long, byte[]> subtrees) {
    if (hi - lo == 256 && subtrees.containsKey(lo)) {
      return subtrees.get(lo);
    }
    if (hi - lo == 1) {
      return leaves.get((int) lo);
    }
    long k = Long.highestOneBit(hi - lo - 1);
    return node(rootFromTiles(lo, lo + k, leaves, subtrees), rootFromTiles(lo + k, hi, leaves, subtrees));
  }

  /** RFC 6962 Merkle Tree Hash over leaf hashes. */
  private static byte[] mth(List<byte[]> leafHashes) {
    if (leafHashes.size() == 1) {
      return leafHashes.get(0);
    }
    int k = Integer.highestOneBit(leafHashes.size() - 1);
    return node(mth(leafHashes.subList(0, k)), mth(leafHashes.subList(k, leafHashes.size())));
  }

  private static byte[] leafHash(byte[] entry) {
    MessageDigest d = sha256();
    d.update((byte) 0);
    return d.digest(entry);
  }

  private static byte[] node(byte[] left, byte[] right) {
    MessageDigest d = sha256();
    d.update((byte) 1);
    d.update(left);
    return d.digest(right);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<byte[]> fetch(String path) {
    try {
      return f.client.send(HttpRequest.newBuilder(f.uri(path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
