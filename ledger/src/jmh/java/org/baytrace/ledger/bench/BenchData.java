package org.baytrace.ledger.bench;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;

/**
 * Deterministic inputs shared by the benchmarks: one author key, typical records of about 500
 * bytes, and an endless supply of distinct pending records. Not thread-safe.
 */
final class BenchData {
  static final String ORIGIN = "baytrace.bench/ledger";
  static final long RECORD_TIME = 1_764_000_000_000L;
  /** Size of the pool of lot subjects that records share (each also names one new item). */
  static final int LOTS = 1_000;

  private static final int DISTINCT_RECORDS = 1_024;

  private BenchData() {}

  /** The author key; fixed so that every run signs the same bytes. */
  static SigningKey authorKey() {
    return SigningKey.fromSeed(authorSeed());
  }

  /** RFC 8032 seed of {@link #authorKey()}, for the JDK provider's PKCS#8 encoding. */
  static byte[] authorSeed() {
    byte[] seed = new byte[SigningKey.SEED_LENGTH];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) (0x42 + i);
    }
    return seed;
  }

  /**
   * A typical record body: an EPCIS-style object event naming one item and its lot, with a
   * JSON payload; signed with one key it makes a SignedRecord of about 500 bytes.
   */
  static byte[] typicalBody(long n, SplittableRandom random) {
    byte[] nonce = new byte[16];
    for (int i = 0; i < nonce.length; i++) {
      nonce[i] = (byte) random.nextInt();
    }
    String item = itemSubject(n);
    String lot = lotSubject(n);
    String content = "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\","
        + "\"bizStep\":\"shipping\",\"disposition\":\"in_transit\","
        + "\"readPoint\":{\"id\":\"urn:epc:id:sgln:4012345.00001.0\"},"
        + "\"epcList\":[\"" + item + "\"],"
        + "\"temperatureC\":" + (2 + random.nextInt(6)) + "." + random.nextInt(10) + "}";
    return RecordBody.newBuilder()
        .setOrigin(ORIGIN)
        .setKind("epcis.ObjectEvent")
        .addSubjects(item)
        .addSubjects(lot)
        .setEventTimeUnixMillis(RECORD_TIME - 60_000)
        .setAuthorOrg("org.example.coldchain-hk")
        .setNonce(ByteString.copyFrom(nonce))
        .setContentType("application/json")
        .setContent(ByteString.copyFromUtf8(content))
        .build()
        .toByteArray();
  }

  static String itemSubject(long n) {
    return "urn:epc:id:sgtin:4012345.011111." + n;
  }

  static String lotSubject(long n) {
    return "urn:epc:id:lgtin:4012345.011111.L" + (n % LOTS);
  }

  /** A signed typical record (one signature), about 500 bytes. */
  static byte[] typicalSignedRecord(SigningKey key, long n, SplittableRandom random) {
    return Records.sign(typicalBody(n, random), key);
  }

  /**
   * Distinct pending records, as the ledger hands them to the store after checking: each names a
   * new item subject and one of {@link #LOTS} lot subjects, and has a new record hash. The signed
   * bytes rotate through a pool of distinct signed records (signing is measured elsewhere).
   */
  static final class PendingSupply {
    private final List<byte[]> signed = new ArrayList<>(DISTINCT_RECORDS);
    private long next;

    PendingSupply() {
      this(0);
    }

    /** A supply whose record ids and item subjects start at {@code first}: give each thread its own range. */
    PendingSupply(long first) {
      next = first;
      SigningKey key = authorKey();
      SplittableRandom random = new SplittableRandom(7);
      for (int i = 0; i < DISTINCT_RECORDS; i++) {
        signed.add(typicalSignedRecord(key, i, random));
      }
    }

    PendingRecord next() {
      long n = next++;
      // A record hash is SHA-256 of the record body: random keys for the dedup family, as in use.
      byte[] id = new byte[16];
      ByteBuffer.wrap(id).putLong(0x6261797472616365L).putLong(n);
      return new PendingRecord(signed.get((int) (n % DISTINCT_RECORDS)), Sha256.hash(id),
          List.of(itemSubject(n), lotSubject(n)));
    }

    List<PendingRecord> batch(int size) {
      List<PendingRecord> out = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        out.add(next());
      }
      return out;
    }

    int typicalSignedRecordLength() {
      return signed.get(0).length;
    }
  }

  /** Signs each new tree head as a C2SP checkpoint with Ed25519, as {@code Ledger.append} does. */
  static Function<TreeHead, String> checkpointSigner() {
    NoteSigner noteSigner = new NoteSigner("bench.baytrace.example", authorKey());
    return head -> noteSigner.sign(new Checkpoint(ORIGIN, head.size(), head.root())).format();
  }

  /**
   * Appends one synced batch as {@code Ledger} does: prepare, sign the head it reaches (if
   * {@code signer} is not null), write both in one atomic write.
   */
  static List<Appended> append(LedgerStore store, List<PendingRecord> batch, Function<TreeHead, String> signer) {
    LedgerStore.PreparedAppend prepared = store.prepare(batch, RECORD_TIME);
    String note = prepared.grows() && signer != null ? signer.apply(prepared.head()) : null;
    return store.commit(prepared, note, null);
  }

  /** Appends {@code entries} pending records in batches of {@code batchSize}, without checkpoints. */
  static void fill(LedgerStore store, PendingSupply supply, long entries, int batchSize) {
    long done = 0;
    while (done < entries) {
      int n = (int) Math.min(batchSize, entries - done);
      append(store, supply.batch(n), null);
      done += n;
    }
  }

  static Path tempDir(String what) {
    try {
      return Files.createTempDirectory("baytrace-bench-" + what + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
