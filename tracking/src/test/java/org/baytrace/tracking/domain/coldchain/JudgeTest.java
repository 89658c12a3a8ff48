package org.baytrace.tracking.domain.coldchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.baytrace.api.coldchain.v1.LoggerReadings;
import org.baytrace.api.coldchain.v1.Phase;
import org.baytrace.api.coldchain.v1.Reading;
import org.junit.jupiter.api.Test;

/** Verdicts at their boundaries: limits included, allowances to the second, continuous vs accumulated. */
class JudgeTest {
  static final CommodityProfiles DEFAULTS = CommodityProfiles.defaults();
  static final CommodityProfile FROZEN = DEFAULTS.byId("frozen-meat").orElseThrow();
  static final CommodityProfile MANGO = DEFAULTS.byId("mango").orElseThrow();
  static final long T0 = 1_795_000_000_000L;
  static final long MIN = 60_000;
  static final long SEC = 1000;

  static Sample hold(long start, long end, double c, boolean transport) {
    return new Sample(start, end, c, c, transport, "urn:epc:id:sgln:0614141.00001.0", 7);
  }

  static Verdict judge(CommodityProfile p, Sample... s) {
    return Judge.judge(p, p.id(), List.of(s));
  }

  @Test
  void readingExactlyAtTheLimit_isInRange() {
    Verdict v = judge(FROZEN, hold(T0, T0 + 10 * MIN, -18.0, false), hold(T0 + 10 * MIN, T0 + 20 * MIN, -60.0, false));
    assertEquals(Verdict.Status.IN_RANGE, v.status());
    assertEquals(0, v.accumulatedBreachMillis());
  }

  @Test
  void frozenMeat_briefRiseInTransport_exactlyTheAllowance_isInRange() {
    Verdict v = judge(FROZEN, hold(T0, T0 + 30 * MIN, -16.0, true), hold(T0 + 30 * MIN, T0 + 60 * MIN, -20, true));
    assertEquals(Verdict.Status.IN_RANGE, v.status(), v.toString());
    assertEquals(30 * MIN, v.longestBreachMillis());
  }

  @Test
  void frozenMeat_briefRiseInTransport_oneSecondOverTheAllowance_isAContinuousExcursion() {
    Verdict v = judge(FROZEN, hold(T0, T0 + 30 * MIN + SEC, -16.0, true), hold(T0 + 30 * MIN + SEC, T0 + 60 * MIN, -20, true));
    assertEquals(Verdict.Status.EXCURSION, v.status());
    Excursion e = v.excursions().get(0);
    assertEquals(Excursion.Kind.CONTINUOUS, e.kind());
    assertTrue(e.above());
    assertEquals(T0, e.startMillis());
    assertEquals(30 * MIN + SEC, e.durationMillis());
    assertEquals(-16.0, e.worstCelsius());
    assertEquals(2.0, e.degreesBeyond(), 1e-9);
    assertEquals("urn:epc:id:sgln:0614141.00001.0", e.location());
    assertEquals(List.of(7L), e.ledgerIndexes());
  }

  @Test
  void frozenMeat_theSameRiseInAColdStore_isAnExcursionAtOnce() {
    Verdict v = judge(FROZEN, hold(T0, T0 + MIN, -17.9, false));
    assertEquals(Excursion.Kind.LIMIT, v.excursions().get(0).kind());
    assertEquals(1, v.excursions().size(), "one minute is within the continuous allowance");
  }

  @Test
  void frozenMeat_aboveTheToleratedRise_isAnExcursionHoweverShort() {
    Verdict v = judge(FROZEN, hold(T0, T0 + SEC, -14.9, true));
    assertEquals(List.of(Excursion.Kind.LIMIT), v.excursions().stream().map(Excursion::kind).toList());
    // exactly at the tolerated rise is a breach, not an excursion
    assertEquals(Verdict.Status.IN_RANGE, judge(FROZEN, hold(T0, T0 + SEC, -15.0, true)).status());
  }

  @Test
  void accumulated_exactlyTheAllowance_isInRange_oneSecondMoreIsAnExcursion() {
    // four breaches of 30 min each (each at the continuous limit): 2 h, the accumulated allowance
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long start = T0 + i * 120 * MIN;
      s.add(hold(start, start + 30 * MIN, -16, true));
      s.add(hold(start + 30 * MIN, start + 120 * MIN, -20, true));
    }
    Verdict held = Judge.judge(FROZEN, "frozen-meat", s);
    assertEquals(Verdict.Status.IN_RANGE, held.status(), held.toString());
    assertEquals(120 * MIN, held.accumulatedBreachMillis());
    long fifth = T0 + 4 * 120 * MIN;
    s.add(hold(fifth, fifth + SEC, -16, true));
    Verdict broken = Judge.judge(FROZEN, "frozen-meat", s);
    assertEquals(List.of(Excursion.Kind.ACCUMULATED), broken.excursions().stream().map(Excursion::kind).toList());
    Excursion e = broken.excursions().get(0);
    assertEquals(T0, e.startMillis(), "from the first breach");
    assertEquals(fifth, e.endMillis(), "to the moment the allowance ran out");
    assertEquals(120 * MIN + SEC, e.durationMillis());
    assertEquals(30 * MIN, broken.longestBreachMillis(), "no single breach was too long");
  }

  @Test
  void chillingInjury_belowTheRange_isAnExcursionToo() {
    Verdict cold = judge(MANGO, hold(T0, T0 + SEC, 7.9, true));
    assertEquals(Excursion.Kind.LIMIT, cold.excursions().get(0).kind());
    assertFalse(cold.excursions().get(0).above());
    assertEquals(2.1, cold.excursions().get(0).degreesBeyond(), 1e-9);
    assertEquals(Verdict.Status.IN_RANGE, judge(MANGO, hold(T0, T0 + 120 * MIN, 9.0, false)).status());
    Verdict tooLong = judge(MANGO, hold(T0, T0 + 120 * MIN + SEC, 9.0, false));
    assertEquals(Excursion.Kind.CONTINUOUS, tooLong.excursions().get(0).kind());
    assertFalse(tooLong.excursions().get(0).above());
  }

  @Test
  void touchingSamples_formOneContinuousBreach_aGapSplitsIt() {
    Verdict joined = judge(FROZEN, hold(T0, T0 + 20 * MIN, -16, true), hold(T0 + 20 * MIN, T0 + 40 * MIN, -17, true));
    assertEquals(40 * MIN, joined.longestBreachMillis());
    assertEquals(Excursion.Kind.CONTINUOUS, joined.excursions().get(0).kind());
    assertEquals(-16.0, joined.excursions().get(0).worstCelsius());
    Verdict split = judge(FROZEN, hold(T0, T0 + 20 * MIN, -16, true), hold(T0 + 20 * MIN + 1, T0 + 40 * MIN, -17, true));
    assertEquals(Verdict.Status.IN_RANGE, split.status());
    assertEquals(40 * MIN - 1, split.accumulatedBreachMillis());
  }

  @Test
  void epcisWindow_countsWholeWindow_andASingleValueHasNoLength() {
    Sample window = new Sample(T0, T0 + 31 * MIN, -20, -16, true, "", 3);
    assertEquals(Excursion.Kind.CONTINUOUS, judge(FROZEN, window).excursions().get(0).kind());
    Sample point = new Sample(T0, T0, -16, -16, true, "", 3);
    Verdict v = judge(FROZEN, point);
    assertEquals(Verdict.Status.IN_RANGE, v.status());
    assertEquals(0, v.accumulatedBreachMillis());
  }

  @Test
  void loggerReadings_holdUntilTheNext_atMostTheInterval() {
    LoggerReadings l = LoggerReadings.newBuilder().setLoggerId("L1").setSampleIntervalMillis(10 * MIN)
        .setPhase(Phase.PHASE_TRANSPORT)
        .addReadings(Reading.newBuilder().setTimeUnixMillis(T0).setCelsius(-16))
        .addReadings(Reading.newBuilder().setTimeUnixMillis(T0 + 5 * MIN).setCelsius(-16))
        .addReadings(Reading.newBuilder().setTimeUnixMillis(T0 + 60 * MIN).setCelsius(-16)).build();
    List<Sample> s = SampleSources.fromLogger(l, 1);
    assertEquals(List.of(5 * MIN, 10 * MIN, 10 * MIN), s.stream().map(Sample::durationMillis).toList());
    assertEquals(25 * MIN, Judge.judge(FROZEN, "f", s).accumulatedBreachMillis());
  }

  @Test
  void verdict_doesNotDependOnTheOrderSamplesArrived() {
    List<Sample> s = new ArrayList<>();
    Random r = new Random(5);
    for (int i = 0; i < 200; i++) {
      s.add(hold(T0 + i * MIN, T0 + (i + 1) * MIN, -22 + r.nextInt(80) / 10.0, r.nextBoolean()));
    }
    Verdict first = Judge.judge(FROZEN, "f", s);
    for (int k = 0; k < 5; k++) {
      Collections.shuffle(s, r);
      assertEquals(first, Judge.judge(FROZEN, "f", s));
    }
  }

  @Test
  void noSamples_isNoData() {
    assertEquals(Verdict.Status.NO_DATA, Judge.judge(FROZEN, "f", List.of()).status());
  }
}
