package org.baytrace.ledger.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;

/** {@link KvStore} in memory. Thread-safe; writes are applied under one lock. */
final class MemoryKvStore implements KvStore {
  private final Map<Column, ConcurrentSkipListMap<byte[], byte[]>> maps = new EnumMap<>(Column.class);
  private volatile boolean closed;

  MemoryKvStore() {
    for (Column c : Column.values()) {
      maps.put(c, new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
    }
  }

  @Override
  public byte[] get(Column column, byte[] key) {
    ensureOpen();
    byte[] v = maps.get(column).get(key);
    return v == null ? null : v.clone();
  }

  @Override
  public List<byte[]> multiGet(Column column, List<byte[]> keys) {
    ensureOpen();
    List<byte[]> values = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      byte[] v = maps.get(column).get(key);
      values.add(v == null ? null : v.clone());
    }
    return values;
  }

  @Override
  public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
    ensureOpen();
    for (Map.Entry<byte[], byte[]> e : maps.get(column).subMap(from, true, to, false).entrySet()) {
      if (!visitor.visit(e.getKey().clone(), e.getValue().clone())) {
        return;
      }
    }
  }

  @Override
  public byte[][] last(Column column, byte[] from, byte[] to) {
    ensureOpen();
    ConcurrentNavigableMap<byte[], byte[]> sub = maps.get(column).subMap(from, true, to, false);
    Map.Entry<byte[], byte[]> e = sub.lastEntry();
    return e == null ? null : new byte[][] {e.getKey().clone(), e.getValue().clone()};
  }

  @Override
  public List<byte[][]> lastBefore(Column column, List<byte[]> keys) {
    ensureOpen();
    List<byte[][]> entries = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      Map.Entry<byte[], byte[]> before = maps.get(column).lowerEntry(key);
      boolean samePrefix = before != null && before.getKey().length >= column.prefixLength
          && Arrays.equals(before.getKey(), 0, column.prefixLength, key, 0, column.prefixLength);
      entries.add(samePrefix ? new byte[][] {before.getKey().clone(), before.getValue().clone()} : null);
    }
    return entries;
  }

  @Override
  public void writeUnsynced(KvBatch batch) {
    write(batch);
  }

  @Override
  public void sync() {
    ensureOpen();
  }

  @Override
  public synchronized void write(KvBatch batch) {
    ensureOpen();
    for (Map.Entry<Column, List<KvBatch.Put>> column : batch.byColumn().entrySet()) {
      for (KvBatch.Put p : column.getValue()) {
        maps.get(column.getKey()).put(p.key().clone(), p.value().clone());
      }
    }
  }

  /** Overwrites one value behind the ledger's back; tamper tests use it. */
  synchronized void corrupt(Column column, byte[] key, byte[] value) {
    maps.get(column).put(key.clone(), value.clone());
  }

  private void ensureOpen() {
    if (closed) {
      throw new LedgerException(LedgerError.CLOSED, "ledger store is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
