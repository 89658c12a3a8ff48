package org.baytrace.tracking.domain.coldchain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Judges samples against a commodity profile: pure and deterministic (the same samples give the
 * same verdict on every node, whatever order they arrived in). Stateless.
 *
 * <p>Time outside the range is a union of intervals: overlapping or touching samples form one
 * continuous breach; the accumulated breach time is the length of the union. A single EPCIS
 * value has no length, so it can make a {@link Excursion.Kind#LIMIT} excursion but adds no
 * breach time.
 */
public final class Judge {
  private Judge() {}

  private static final Comparator<Sample> ORDER = Comparator.comparingLong(Sample::startMillis)
      .thenComparingLong(Sample::endMillis).thenComparingLong(Sample::ledgerIndex);

  /** One out-of-range sample: its worst side, and whether it is beyond the tolerance band. */
  private record Breach(Sample sample, boolean above, double worst, double beyond, boolean beyondTolerance) {}

  /** Touching or overlapping breaches merged. */
  private static final class Span {
    final long start;
    long end;
    Breach worst;
    final TreeSet<Long> indexes = new TreeSet<>();

    Span(Breach b) {
      start = b.sample().startMillis();
      end = b.sample().endMillis();
      worst = b;
      indexes.add(b.sample().ledgerIndex());
    }

    void add(Breach b) {
      end = Math.max(end, b.sample().endMillis());
      if (b.beyond() > worst.beyond()) {
        worst = b;
      }
      indexes.add(b.sample().ledgerIndex());
    }

    long duration() {
      return end - start;
    }

    Excursion excursion(Excursion.Kind kind) {
      return new Excursion(kind, worst.above(), start, end, duration(), worst.worst(), worst.beyond(),
          worst.sample().location(), List.copyOf(indexes));
    }
  }

  public static Verdict judge(CommodityProfile p, String commodity, List<Sample> samples) {
    if (samples.isEmpty()) {
      return new Verdict(Verdict.Status.NO_DATA, p, commodity, 0, 0, 0, List.of());
    }
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort(ORDER);
    List<Breach> breaches = new ArrayList<>();
    for (Sample s : sorted) {
      Breach b = breach(p, s);
      if (b != null) {
        breaches.add(b);
      }
    }
    List<Excursion> excursions = new ArrayList<>();
    excursions.addAll(limits(p, breaches, true));
    excursions.addAll(limits(p, breaches, false));
    List<Span> spans = merge(breaches);
    long longest = 0;
    long accumulated = 0;
    for (Span s : spans) {
      longest = Math.max(longest, s.duration());
      accumulated += s.duration();
      if (p.maxContinuousBreach() != null && s.duration() > p.maxContinuousBreach().toMillis()) {
        excursions.add(s.excursion(Excursion.Kind.CONTINUOUS));
      }
    }
    if (p.maxAccumulatedBreach() != null && accumulated > p.maxAccumulatedBreach().toMillis()) {
      excursions.add(accumulated(spans, p.maxAccumulatedBreach().toMillis(), accumulated));
    }
    excursions.sort(Comparator.comparingLong(Excursion::startMillis).thenComparing(Excursion::kind));
    return new Verdict(excursions.isEmpty() ? Verdict.Status.IN_RANGE : Verdict.Status.EXCURSION, p, commodity,
        sorted.size(), longest, accumulated, excursions);
  }

  private static Breach breach(CommodityProfile p, Sample s) {
    double above = s.maxCelsius() - p.maxCelsius();
    double below = p.minCelsius() - s.minCelsius();
    if (above <= 0 && below <= 0) {
      return null; // limits included
    }
    if (above >= below) {
      return new Breach(s, true, s.maxCelsius(), above, s.maxCelsius() > p.toleranceMax(s.transport()));
    }
    return new Breach(s, false, s.minCelsius(), below, s.minCelsius() < p.toleranceMin(s.transport()));
  }

  /** Samples beyond the tolerance band on one side, touching ones merged into one excursion each. */
  private static List<Excursion> limits(CommodityProfile p, List<Breach> breaches, boolean above) {
    List<Breach> beyond = new ArrayList<>();
    for (Breach b : breaches) {
      Sample s = b.sample();
      boolean out = above ? s.maxCelsius() > p.toleranceMax(s.transport())
          : s.minCelsius() < p.toleranceMin(s.transport());
      if (out) {
        // judged on this side even if the sample's worst side is the other
        double worst = above ? s.maxCelsius() : s.minCelsius();
        double by = above ? worst - p.maxCelsius() : p.minCelsius() - worst;
        beyond.add(new Breach(s, above, worst, by, true));
      }
    }
    List<Excursion> out = new ArrayList<>();
    for (Span span : merge(beyond)) {
      out.add(span.excursion(Excursion.Kind.LIMIT));
    }
    return out;
  }

  private static List<Span> merge(List<Breach> breaches) {
    List<Span> spans = new ArrayList<>();
    Span current = null;
    for (Breach b : breaches) { // in sample order
      if (current != null && b.sample().startMillis() <= current.end) {
        current.add(b);
      } else {
        current = new Span(b);
        spans.add(current);
      }
    }
    return spans;
  }

  private static Excursion accumulated(List<Span> spans, long allowance, long total) {
    long sum = 0;
    long ranOut = spans.get(spans.size() - 1).end;
    Breach worst = null;
    TreeSet<Long> indexes = new TreeSet<>();
    boolean found = false;
    for (Span s : spans) {
      if (!found && sum + s.duration() > allowance) {
        ranOut = s.start + (allowance - sum);
        found = true;
      }
      sum += s.duration();
      if (worst == null || s.worst.beyond() > worst.beyond()) {
        worst = s.worst;
      }
      indexes.addAll(s.indexes);
    }
    return new Excursion(Excursion.Kind.ACCUMULATED, worst.above(), spans.get(0).start, ranOut, total,
        worst.worst(), worst.beyond(), worst.sample().location(), List.copyOf(indexes));
  }
}
