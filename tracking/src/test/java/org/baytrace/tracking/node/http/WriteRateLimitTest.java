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
import java.util.List;
import java.util.Optional;
import org.baytrace.config.HttpAccess;
import org.baytrace.config.HttpLimits;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.Test;

/**
 * The per-organisation write rate: each organisation has its own allowance; past it a write gets
 * 429 problem JSON with {@code Retry-After}, while other organisations and reads go on.
 */
class WriteRateLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RIVER_FARM_TOKEN = HttpAccess.newToken();
  private static final String HARBOUR_CARRIER_TOKEN = HttpAccess.newToken();

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
    // Each organisation proves itself with its own bearer token, as partners' systems do.
    Authenticator auth = Authenticator.of(new HttpAccess(List.of(HttpAccess.Token.of("river-farm", RIVER_FARM_TOKEN),
        HttpAccess.Token.of("harbour-carrier", HARBOUR_CARRIER_TOKEN)), List.of()));
    try (Ledger ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("n", SigningKey.generate()),
            AuthorPolicy.anyKey()), LedgerStores.inMemory());
        LedgerHttpServer server = LedgerHttpServer.start(ledger, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            null, new LedgerHttpServer.Guards(limits, new MemoryBudget(limits.maxRequestMemoryBytes()), Optional.of(auth)),
            Writes.class)) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      assertEquals(204, write(client, server, RIVER_FARM_TOKEN).statusCode());
      assertEquals(204, write(client, server, RIVER_FARM_TOKEN).statusCode());

      HttpResponse<String> refused = write(client, server, RIVER_FARM_TOKEN);
      assertEquals(429, refused.statusCode(), refused.body());
      long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After: " + retryAfter);
      assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
      JsonNode problem = JSON.readTree(refused.body());
      assertEquals("TOO_MANY_REQUESTS", problem.get("reason").asText());
      assertTrue(problem.get("detail").asText().contains("\"river-farm\""), problem.toString());
      assertTrue(problem.get("detail").asText().contains("limits.writes_per_minute_per_org"), problem.toString());

      assertEquals(204, write(client, server, HARBOUR_CARRIER_TOKEN).statusCode(), "another organisation writes on");
      HttpResponse<String> read = client.send(HttpRequest.newBuilder(server.baseUri().resolve("v1/ledger/checkpoint"))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, read.statusCode(), "reads are not rate-limited as writes");
    }
  }

  private static HttpResponse<String> write(HttpClient client, LedgerHttpServer server, String token) throws Exception {
    return client.send(HttpRequest.newBuilder(server.baseUri().resolve("test-writes")).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
  }
}
