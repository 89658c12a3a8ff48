package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code baytrace demo} end to end in this JVM: an embedded node on free ports, the scenario's
 * records over gRPC Append, then (while the node still runs) the printed pages answer 200.
 */
class DemoTest {
  @Test
  void demo_playsAllFourProfiles_printsPagesReportAndVerifiedReceipt() throws Exception {
    List<String> pageProblems = new ArrayList<>();
    DemoCommand.Played[] played = new DemoCommand.Played[1];
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String[] beefJson = new String[1];
    DemoCommand.afterPlay = p -> {
      played[0] = p;
      try {
        beefJson[0] = client.send(HttpRequest.newBuilder(p.base().resolve("01/" + DemoScenario.BEEF_GTIN + "/10/"
            + DemoScenario.BEEF_LOT + "?format=json")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
      } catch (Exception e) {
        pageProblems.add("beef page JSON: " + e);
      }
      for (URI page : p.pages()) {
        try {
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(page).header("Accept", "text/html").GET().build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
            pageProblems.add(page + ": " + r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse(""));
          } else if (page.getPath().startsWith("/01/") && !r.body().contains(DemoScenario.BEEF_LOT)
              && !r.body().contains(DemoScenario.DURIAN_LOT)) {
            pageProblems.add(page + ": the consumer page does not name its lot");
          }
        } catch (Exception e) {
          pageProblems.add(page + ": " + e);
        }
      }
    };
    try {
      // A guard against a hang, not a speed claim: the demo takes seconds on a quiet machine.
      Cli.Result r = assertTimeoutPreemptively(Duration.ofMinutes(5),
          () -> Cli.run("demo", "--grpc", "127.0.0.1:0", "--http", "127.0.0.1:0"));
      assertEquals(0, r.exitCode(), r.out() + r.err());
      assertNotNull(played[0], "the demo reached its end");
      assertTrue(pageProblems.isEmpty(), pageProblems::toString);

      // the printed pages: two trace codes, the custody report, the voyage, the clearance report and the parcel
      for (URI page : played[0].pages()) {
        assertTrue(r.out().contains(page.toString() + "  [200]"), page + " printed with its status: " + r.out());
      }
      assertTrue(r.out().contains("/01/" + DemoScenario.BEEF_GTIN + "/10/" + DemoScenario.BEEF_LOT), r.out());
      assertTrue(r.out().contains("/01/" + DemoScenario.DURIAN_GTIN + "/10/" + DemoScenario.DURIAN_LOT), r.out());

      // the parcel: its page URL (waybill and label code) printed, and its customs life from the ledger
      URI parcelPage = played[0].base().resolve("parcels/" + DemoScenario.PARCEL_WAYBILL + "?code=" + DemoScenario.PARCEL_CODE);
      assertTrue(played[0].pages().contains(parcelPage), played[0].pages().toString());
      assertTrue(r.out().contains(parcelPage + "  [200]"), r.out());
      JsonNode parcel = played[0].parcel();
      assertEquals("delivered", parcel.path("status").asText(), parcel.toString());
      assertEquals(List.of("declared", "inspected", "released", "delivered"),
          parcel.path("stages").findValuesAsText("stage"));
      assertEquals(DemoScenario.NANSHA_CUSTOMS, parcel.path("released").path("recordedBy").path("org").asText());
      assertTrue(r.out().contains("Parcel " + DemoScenario.PARCEL_WAYBILL + " (label code " + DemoScenario.PARCEL_CODE
          + "): delivered"), r.out());

      // the beef's excursion was detected
      JsonNode verdict = played[0].beefVerdict();
      assertEquals("EXCURSION", verdict.path("status").asText(), verdict.toString());
      assertEquals("CONTINUOUS", verdict.path("excursions").get(0).path("kind").asText());
      assertTrue(r.out().contains("frozen beef lot " + DemoScenario.BEEF_LOT + ": EXCURSION"), r.out());
      assertTrue(r.out().contains("durian lot " + DemoScenario.DURIAN_LOT + ": IN_RANGE"), r.out());

      // the clearance report has the three import shipments at their ports
      JsonNode report = played[0].clearanceReport();
      Set<String> declarations = new HashSet<>();
      for (JsonNode s : report.path("shipments")) {
        declarations.add(s.path("declaration").asText());
      }
      assertEquals(Set.of(DemoScenario.declarationUrn(DemoScenario.NANSHA_CUSTOMS, DemoScenario.BEEF_DECL),
          DemoScenario.declarationUrn(DemoScenario.FOSHAN_CUSTOMS, DemoScenario.DURIAN_DECL),
          DemoScenario.declarationUrn(DemoScenario.BAIYUN_CUSTOMS, DemoScenario.SPECIMEN_DECL)), declarations);
      Set<String> ports = new HashSet<>();
      report.path("groups").forEach(g -> ports.add(g.path("port").asText()));
      assertEquals(Set.of("CNNSA", "CNFOS", "CNCAN"), ports);
      assertTrue(r.out().contains("Clearance-time report"), r.out());

      // the beef's page tells its sea-rail hand-over at Nansha, who handed it to whom, verified with the rest
      JsonNode beef = new com.fasterxml.jackson.databind.ObjectMapper().readTree(beefJson[0]);
      JsonNode seaRail = null;
      for (JsonNode leg : beef.path("legs")) {
        if (leg.path("kind").asText().equals("multimodal.HandOver")) {
          seaRail = leg;
        }
      }
      assertNotNull(seaRail, "a hand-over on the beef's journey: " + beef);
      assertEquals("sea", seaRail.path("handOver").path("fromMode").asText(), seaRail.toString());
      assertEquals("rail", seaRail.path("handOver").path("toMode").asText(), seaRail.toString());
      assertEquals(DemoScenario.NANSHA_RAIL_YARD, seaRail.path("handOver").path("place").path("id").asText());
      assertTrue(seaRail.path("handOver").path("fromParty").asText().startsWith("South Sea Reefer Line"), seaRail.toString());
      assertTrue(seaRail.path("handOver").path("toParty").asText().startsWith("GBA Rail Freight"), seaRail.toString());
      assertEquals("RAIL_CONSIGNMENT_NOTE", seaRail.path("handOver").path("toMeans").path("document").path("type").asText());
      assertTrue(seaRail.path("verified").asBoolean(), seaRail.toString());
      assertTrue(seaRail.path("author").asText().startsWith("South Sea Reefer Line"), seaRail.toString());

      // a hand-over with one signature is refused
      assertTrue(r.out().contains("Refused as expected: hand-over gz-clinical-lab -> hk-pathology signed by gz-clinical-lab only"),
          r.out());

      // the receipt verified offline
      assertTrue(played[0].receiptVerified());
      assertTrue(r.out().contains("VERIFIED: entry"), r.out());
      assertTrue(r.out().contains("biomaterial.HandOver, 2 signatures"), r.out());
    } finally {
      DemoCommand.afterPlay = null;
    }
  }

  @Test
  void demo_refusesADataDirectoryInUse(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("something"), "x");
    Cli.Result r = Cli.run("demo", "--data", dir.toString());
    assertEquals(BayTrace.USAGE, r.exitCode(), r.err());
    assertTrue(r.err().contains("is not empty; the demo needs a new or empty directory"), r.err());
  }

  @Test
  void demo_hasHelp() {
    Cli.Result r = Cli.run("demo", "--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("Usage: baytrace demo"), r.out());
    assertTrue(r.out().contains("--keep-running"), r.out());
  }
}
