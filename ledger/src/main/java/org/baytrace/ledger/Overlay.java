package org.baytrace.ledger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link StagedRule.Layer} (a draft) for state that is a map: values changed on top of the committed
 * state (or of a parent overlay), read through to it where unchanged. Values are never null;
 * a value is replaced, not changed in place. Not thread-safe (the ledger's writer owns it).
 *
 * @param <K> key, such as a subject URN
 * @param <V> an immutable value
 */
public final class Overlay<K, V> implements StagedRule.Layer<Overlay<K, V>> {
  private final Overlay<K, V> parent;
  private final Function<? super K, ? extends V> committed;
  private final Map<K, V> changes = new LinkedHashMap<>();

  private Overlay(Overlay<K, V> parent, Function<? super K, ? extends V> committed) {
    this.parent = parent;
    this.committed = committed;
  }

  /** An overlay on the committed state, which {@code committed} reads (null: no value). */
  public static <K, V> Overlay<K, V> over(Function<? super K, ? extends V> committed) {
    return new Overlay<>(null, Objects.requireNonNull(committed, "committed"));
  }

  /** The value as this overlay sees it: its own change, else its parent's view, else the committed value; null if none. */
  public V get(K key) {
    V v = changes.get(key);
    if (v != null) {
      return v;
    }
    return parent != null ? parent.get(key) : committed.apply(key);
  }

  /** Changes a value in this overlay only. */
  public void put(K key, V value) {
    changes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /** This overlay's own changes, in the order their keys were first changed. */
  public Map<K, V> changes() {
    return Collections.unmodifiableMap(changes);
  }

  @Override
  public Overlay<K, V> child() {
    return new Overlay<>(this, committed);
  }

  @Override
  public void mergeIntoParent() {
    if (parent == null) {
      throw new IllegalStateException("overlay: the overlay on the committed state has no parent to merge into");
    }
    parent.changes.putAll(changes);
    changes.clear();
  }
}
