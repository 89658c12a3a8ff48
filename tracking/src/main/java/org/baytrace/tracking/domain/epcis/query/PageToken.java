package org.baytrace.tracking.domain.epcis.query;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Where the next page of a query starts: after a position in the query's order (the index key of
 * the last event examined), with how many events were served so far (for {@code
 * eventCountLimit}), tied to its query by the query's fingerprint. Tokens hold no server state and
 * do not expire; a token is only good for the query that produced it. Encoded as base64url
 * without padding. Immutable.
 */
public record PageToken(String fingerprint, EventQuery.Order order, boolean descending, long served, byte[] position) {
  private static final byte VERSION = 1;
  public static final String PARAMETER = "nextPageToken";

  public PageToken {
    position = position.clone();
  }

  @Override
  public byte[] position() {
    return position.clone();
  }

  String encode() {
    byte[] fp = HexFormat.of().parseHex(fingerprint);
    ByteBuffer b = ByteBuffer.allocate(1 + fp.length + 2 + 8 + position.length);
    b.put(VERSION).put(fp).put((byte) order.ordinal()).put((byte) (descending ? 1 : 0)).putLong(served).put(position);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /**
   * Reads a token of {@code query}.
   *
   * @throws QueryParameterException if it is malformed or belongs to another query
   */
  static PageToken decode(String token, EventQuery query) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw bad("is not a token this node issued");
    }
    int fpLength = query.fingerprint.length() / 2;
    int positionLength = positionLength(query.order);
    if (raw.length != 1 + fpLength + 2 + 8 + positionLength || raw[0] != VERSION) {
      throw bad("is not a token this node issued for this query");
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    b.get();
    byte[] fp = new byte[fpLength];
    b.get(fp);
    int order = b.get();
    boolean desc = b.get() == 1;
    long served = b.getLong();
    byte[] position = Arrays.copyOfRange(raw, b.position(), raw.length);
    if (!HexFormat.of().formatHex(fp).equals(query.fingerprint) || order != query.order.ordinal()
        || desc != query.descending || served < 0) {
      throw bad("belongs to another query; repeat the query's other parameters unchanged (perPage may change)");
    }
    return new PageToken(query.fingerprint, query.order, desc, served, position);
  }

  static int positionLength(EventQuery.Order order) {
    return switch (order) {
      case LEDGER -> 8;
      case EVENT_TIME -> 12 + 8;
      case RECORD_TIME -> 8 + 8;
    };
  }

  private static QueryParameterException bad(String why) {
    return new QueryParameterException(PARAMETER, PARAMETER + ": " + why);
  }
}
