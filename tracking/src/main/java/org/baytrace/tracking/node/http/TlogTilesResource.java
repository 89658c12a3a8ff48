package org.baytrace.tracking.node.http;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.tiles.TilePath;
import org.baytrace.ledger.tiles.Tiles;

/**
 * The log as C2SP tlog-tiles (https://c2sp.org/tlog-tiles) at the server's root, for the
 * transparency ecosystem's tools: {@code /checkpoint} (the latest checkpoint, as under
 * {@code /v1/ledger}), {@code /tile/<L>/<N>[.p/<W>]} (hash tiles) and
 * {@code /tile/entries/<N>[.p/<W>]} (entry bundles), read from the store as it is
 * ({@link Tiles}). Full tiles never change and are cached for a year; partial ones briefly, as
 * the spec lets logs drop them once the full tile exists. A tile the log has not reached yet, or a
 * path that is not a tile's canonical spelling, is 404. Stateless apart from the ledger;
 * thread-safe.
 */
@Path("")
@Singleton
public final class TlogTilesResource {
  static final String OCTETS = "application/octet-stream";
  static final String FULL_TILE_CACHE = "public, max-age=31536000, immutable";
  static final String PARTIAL_TILE_CACHE = "public, max-age=60";

  private final Ledger ledger;

  /** Created by Jersey, once: the ledger is the application's {@link LedgerHttpServer#LEDGER_PROPERTY}. */
  public TlogTilesResource(@Context Configuration config) {
    this.ledger = LedgerHttpServer.ledger(config);
  }

  /** The latest checkpoint; mutable, so not cached. */
  @GET
  @Path("checkpoint")
  @Produces(LedgerResource.TEXT_UTF8)
  public Response checkpoint() {
    return Response.ok(ledger.latestCheckpoint()).header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
  }

  @GET
  @Path("tile/{path: .+}")
  @Produces(OCTETS)
  public Response tile(@PathParam("path") String path) {
    TilePath tile = TilePath.parse(path).orElseThrow(() -> new LedgerException(LedgerError.NOT_FOUND,
        "tile/" + path + ": not a tile path; want tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>] with <N> in "
            + "groups of three digits (x001/x234/067) and 1 <= W <= 255"));
    byte[] body = tile.entries() ? Tiles.entryBundle(ledger, tile) : Tiles.hashTile(ledger, tile);
    return Response.ok(body, OCTETS)
        .header(HttpHeaders.CACHE_CONTROL, tile.partial() ? PARTIAL_TILE_CACHE : FULL_TILE_CACHE)
        .build();
  }
}
