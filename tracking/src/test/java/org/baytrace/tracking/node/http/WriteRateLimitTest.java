package org.baytrace.tracking.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.baytrace.config.HttpLimits;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStore;
import org.junit.jupiter.api.Test;

/**
 * The per-organisation write rate: each organisation has its own allowance; past it a write gets
 * 429 problem JSON with {@code Retry-After}, while other organisations and reads go on.
 */
class WriteRateLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A write that does nothing. */
  @Path("test-writes")
  public static final class Writes {
    @POST
    public Response write() {
      return Response.noContent().build();
    }
  }

  @Test
  void writesPastTheOrganisationsRate_get429WithRetryAfter_whileOtherOrganisationsAndReadsGoOn() throws Exception {
    HttpLimits limits = HttpLimits.DEFAULT.withWriteRate(1, 2); // one a minute, bursts of two
    // Until authentication lands, tests name the acting organisation in a header.
    WriteOrganisation byHeader = request -> request.getHeaderString("X-Test-Org");
    try (Ledger ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("n", SigningKey.generate()),
            AuthorPolicy.anyKey()), LedgerStore.inMemory());
        LedgerHttpServer server = LedgerHttpServer.start(ledger, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new LedgerHttpServer.Guards(limits, new MemoryBudget(limits.maxRequestMemoryBytes()), byHeader), Writes.class)) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      assertEquals(204, write(client, server, "river-farm").statusCode());
      assertEquals(204, write(client, server, "river-farm").statusCode());

      HttpResponse<String> refused = write(client, server, "river-farm");
      assertEquals(429, refused.statusCode(), refused.body());
      long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After: " + retryAfter);
      assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
      JsonNode problem = JSON.readTree(refused.body());
      assertEquals("TOO_MANY_REQUESTS", problem.get("reason").asText());
      assertTrue(problem.get("detail").asText().contains("\"river-farm\""), problem.toString());
      assertTrue(problem.get("detail").asText().contains("limits.writes_per_minute_per_org"), problem.toString());

      assertEquals(204, write(client, server, "harbour-carrier").statusCode(), "another organisation writes on");
      HttpResponse<String> read = client.send(HttpRequest.newBuilder(server.baseUri().resolve("v1/ledger/checkpoint"))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, read.statusCode(), "reads are not rate-limited as writes");
    }
  }

  private static HttpResponse<String> write(HttpClient client, LedgerHttpServer server, String org) throws Exception {
    return client.send(HttpRequest.newBuilder(server.baseUri().resolve("test-writes")).header("X-Test-Org", org)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
  }
}
