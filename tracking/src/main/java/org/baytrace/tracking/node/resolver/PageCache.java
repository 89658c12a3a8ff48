package org.baytrace.tracking.node.resolver;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;
import org.baytrace.tracking.node.pages.Lang;

/**
 * The resolver's memory of the pages it built, so that a page asked for again costs a read of its
 * inputs and not their receipts' verification and rendering. A page is remembered per trace code
 * and language together with the very {@link Inputs} it was built from (events with their indexes,
 * record times, relations and JSON; legs; cold-chain judgement; other records; author names); it
 * is used again only when the same inputs are read again, so a new event or leg (or a withdrawn,
 * moved or changed one) is on the next answer. While its events stay
 * the same, the page keeps citing the checkpoint it was checked against, the tree size at which
 * its newest event was first shown, rather than every newer size the ledger grows through; that
 * checkpoint is signed by the node and every receipt on the page is against it. Pages whose
 * checks failed are not remembered: they are checked again on every request.
 *
 * <p>Each page keeps its renderings (HTML, JSON, link set, per base URL) with their entity tags,
 * a hash of the exact body, so that the tag changes whenever anything shown changes, the cited
 * checkpoint included. Thread-safe.
 */
final class PageCache {
  /** Pages remembered at most (trace code × language); the least recently used go first. */
  static final int MAX_PAGES = 4_096;
  /** Renderings kept per page: formats × base URLs (a client picks the Host header, so a few only). */
  static final int MAX_RENDERINGS = 16;

  /** A rendered body and its strong entity tag (unquoted: 128 bits of the body's SHA-256, in hex). */
  record Rendered(String body, String etag) {
    static Rendered of(String body) {
      byte[] hash = Sha256.hash(body.getBytes(StandardCharsets.UTF_8)).toByteArray();
      return new Rendered(body, HexFormat.of().formatHex(hash, 0, 16));
    }
  }

  /**
   * Everything a page is built from besides the code, the language and the checkpoint: its events,
   * the legs other profiles found, the cold-chain judgement, the other records it uses, and the
   * registry names of the events' authors. Equal inputs give the same page.
   */
  record Inputs(List<TraceEvent> events, List<JourneyLegs.Leg> legs, TraceViews.Judged judged, Set<Long> others,
      Map<String, String> authorNames, long registryVersion) {
    Inputs {
      events = List.copyOf(events);
      legs = List.copyOf(legs);
      others = Set.copyOf(others);
      authorNames = Map.copyOf(authorNames);
    }
  }

  /**
   * A resolution, the inputs it was built from, the master data records its names came from, and
   * its renderings.
   */
  static final class Page {
    private final Inputs inputs;
    private final Set<String> namedIds;
    private final Map<String, Long> namedFrom;
    private final Resolver.Resolved resolved;
    private final Map<String, Rendered> renderings = new ConcurrentHashMap<>();

    /**
     * @param namedIds the vocabulary element ids the page looked up for names
     * @param masterData what it found for them
     */
    Page(Inputs inputs, Set<String> namedIds, Map<String, VocabularyElement> masterData, Resolver.Resolved resolved) {
      this.inputs = Objects.requireNonNull(inputs, "inputs");
      this.namedIds = Set.copyOf(namedIds);
      this.namedFrom = records(masterData);
      this.resolved = Objects.requireNonNull(resolved, "resolved");
    }

    /**
     * True if the page was built from exactly these inputs and its names from the master data
     * records in force now (a newer record for one of its products or places changes the page).
     */
    boolean builtFrom(Inputs now, Names names) {
      return inputs.equals(now) && (namedIds.isEmpty() || namedFrom.equals(records(names.masterData(namedIds))));
    }

    private static Map<String, Long> records(Map<String, VocabularyElement> masterData) {
      Map<String, Long> out = new java.util.HashMap<>();
      masterData.forEach((id, e) -> out.put(id, e.ledgerIndex()));
      return Map.copyOf(out);
    }

    Resolver.Resolved resolved() {
      return resolved;
    }

    /** The body for {@code key} (format and base URL), rendered once. */
    Rendered rendering(String key, Supplier<String> render) {
      Rendered r = renderings.get(key);
      if (r != null) {
        return r;
      }
      r = Rendered.of(render.get());
      if (renderings.size() < MAX_RENDERINGS) {
        renderings.putIfAbsent(key, r);
      }
      return r;
    }
  }

  private record Key(String code, Lang lang) {}

  private final Map<Key, Page> pages = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Page> eldest) {
      return size() > MAX_PAGES;
    }
  };

  /** The page remembered for the code and language, or null. */
  Page get(String code, Lang lang) {
    synchronized (pages) {
      return pages.get(new Key(code, lang));
    }
  }

  void put(String code, Lang lang, Page page) {
    synchronized (pages) {
      pages.put(new Key(code, lang), page);
    }
  }
}
