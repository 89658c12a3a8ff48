package org.baytrace.tracking.node.coldchain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.baytrace.tracking.domain.coldchain.ColdChainState;
import org.baytrace.tracking.domain.coldchain.CommodityProfile;
import org.baytrace.tracking.domain.coldchain.Excursion;
import org.baytrace.tracking.domain.coldchain.Judge;
import org.baytrace.tracking.domain.coldchain.Sample;
import org.baytrace.tracking.domain.coldchain.Verdict;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.resolver.ColdChainProfile;

/**
 * The consumer page's cold-chain verdict: the code's own verdict from the log (logger records
 * and EPCIS sensor reports naming it), with its chart; if the code itself has no samples but its
 * commodity is known, the readings the page shows (which include those of the cases, pallets and
 * containers it travelled in) judged as single values. Thread-safe.
 */
final class ColdChainPageProfile implements ColdChainProfile {
  private final ColdChainState state;

  ColdChainPageProfile(ColdChainState state) {
    this.state = state;
  }

  @Override
  public Optional<Assessment> assess(TraceCode code, List<Reading> readings) {
    // an item is judged by its own records, else by its lot's (shipments usually name lots)
    List<String> subjects = new ArrayList<>(List.of(code.toDigitalLink()));
    if (code instanceof TraceCode.Sgtin s && s.lot() != null) {
      subjects.add(new TraceCode.Lgtin(s.gtin(), s.lot()).toDigitalLink());
    }
    for (String subject : subjects) {
      Optional<Verdict> own = state.verdict(subject);
      if (own.isPresent() && own.get().profile() != null && own.get().samples() > 0) {
        List<Long> records = state.samples(subject).stream().map(Sample::ledgerIndex).distinct().sorted().toList();
        return Optional.of(assessment(own.get(), ColdChainResource.chartPath(subject), records));
      }
    }
    Optional<CommodityProfile> p = subjects.stream().map(state::commodity).flatMap(Optional::stream).findFirst()
        .flatMap(state.profiles()::byId);
    if (p.isEmpty() || readings.isEmpty()) {
      return Optional.empty();
    }
    List<Sample> samples = new ArrayList<>();
    for (Reading r : readings) {
      long t = r.time().toEpochMilli();
      samples.add(new Sample(t, t, r.celsius(), r.celsius(), false, "", r.ledgerIndex()));
    }
    return Optional.of(assessment(Judge.judge(p.get(), p.get().id(), samples), null, List.of()));
  }

  static Assessment assessment(Verdict v, String chart, List<Long> records) {
    List<Finding> findings = new ArrayList<>();
    for (Excursion e : v.excursions()) {
      findings.add(new Finding(e.kind().name(), e.above(), Instant.ofEpochMilli(e.startMillis()),
          Instant.ofEpochMilli(e.endMillis()), Duration.ofMillis(e.durationMillis()), e.worstCelsius(),
          e.degreesBeyond(), e.location()));
    }
    return new Assessment(v.status() == Verdict.Status.IN_RANGE, v.profile().name(), v.profile().minCelsius(),
        v.profile().maxCelsius(), findings, chart, records);
  }
}
