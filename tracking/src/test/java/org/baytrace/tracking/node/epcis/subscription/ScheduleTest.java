package org.baytrace.tracking.node.epcis.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The EPCIS query schedule: when it fires next, how omitted fields are read, and what it refuses. */
class ScheduleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Schedule parse(String json) throws Exception {
    return Schedule.parse(JSON.readTree(json));
  }

  @Test
  void hourAndMinute_fireOnceADay_atSecondZero() throws Exception {
    Schedule s = parse("{\"hour\":\"1\",\"minute\":\"5\"}");
    assertEquals(Instant.parse("2026-12-08T01:05:00Z"), s.next(Instant.parse("2026-12-07T21:00:00Z")).orElseThrow());
    assertEquals(Instant.parse("2026-12-09T01:05:00Z"), s.next(Instant.parse("2026-12-08T01:05:00Z")).orElseThrow());
  }

  @Test
  void listsRangesAndWeekdays() throws Exception {
    Schedule s = parse("{\"second\":\"0,30\"}");
    assertEquals(Instant.parse("2026-12-07T21:00:30Z"), s.next(Instant.parse("2026-12-07T21:00:00Z")).orElseThrow());
    Schedule weekdays = parse("{\"dayOfWeek\":\"[1-5]\",\"hour\":\"9\"}"); // 2026-12-12 is a Saturday
    assertEquals(Instant.parse("2026-12-14T09:00:00Z"), weekdays.next(Instant.parse("2026-12-11T10:00:00Z")).orElseThrow());
    assertTrue(parse("{\"month\":\"2\",\"dayOfMonth\":\"31\"}").next(Instant.parse("2026-01-01T00:00:00Z")).isEmpty());
  }

  @Test
  void badFields_areRefusedNamingTheField() {
    for (String bad : new String[] {"{}", "{\"hour\":\"24\"}", "{\"minute\":\"5-1\"}", "{\"weekday\":\"1\"}",
        "{\"hour\":[1]}"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad), bad);
      assertTrue(e.getMessage().startsWith("schedule"), e.getMessage());
    }
  }
}
