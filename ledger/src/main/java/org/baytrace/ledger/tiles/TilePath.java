package org.baytrace.ledger.tiles;

import java.util.Optional;

/**
 * One tlog-tiles resource: a hash tile at {@code level} ({@code tile/<L>/<N>[.p/<W>]}) or, when
 * {@code entries}, an entry bundle ({@code tile/entries/<N>[.p/<W>]}); {@code width} is 256 for a
 * full tile and 1..255 for a partial one.
 *
 * <p>{@code <N>} is written in groups of three digits, every group but the last after an
 * {@code x} ({@code 1234067} is {@code x001/x234/067}). Only the one canonical spelling of a
 * path parses, so every resource has exactly one URL. Immutable.
 */
public record TilePath(boolean entries, int level, long index, int width) {
  /** Hashes (or entries) in a full tile. */
  public static final int FULL_WIDTH = 256;
  /** Highest level the spec allows in a path. */
  public static final int MAX_LEVEL = 63;

  public TilePath {
    if (level < 0 || level > MAX_LEVEL || entries && level != 0 || index < 0 || width < 1 || width > FULL_WIDTH) {
      throw new IllegalArgumentException("tile: got entries=" + entries + " level=" + level + " index=" + index
          + " width=" + width);
    }
  }

  public boolean partial() {
    return width < FULL_WIDTH;
  }

  /**
   * Parses what follows {@code tile/}: {@code 0/x001/234} or {@code entries/005.p/17}. Empty if it
   * is not the canonical spelling of a tile path.
   */
  public static Optional<TilePath> parse(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length < 2) {
      return Optional.empty();
    }
    boolean entries = parts[0].equals("entries");
    int level = 0;
    if (!entries) {
      if (!parts[0].matches("0|[1-9][0-9]?") || Integer.parseInt(parts[0]) > MAX_LEVEL) {
        return Optional.empty();
      }
      level = Integer.parseInt(parts[0]);
    }
    int last = parts.length - 1;
    int width = FULL_WIDTH;
    if (last >= 2 && parts[last - 1].endsWith(".p")) {
      if (!parts[last].matches("[1-9][0-9]{0,2}") || Integer.parseInt(parts[last]) >= FULL_WIDTH) {
        return Optional.empty();
      }
      width = Integer.parseInt(parts[last]);
      parts[last - 1] = parts[last - 1].substring(0, parts[last - 1].length() - 2);
      last--;
    }
    StringBuilder digits = new StringBuilder();
    for (int i = 1; i <= last; i++) {
      String group = parts[i];
      String want = i < last ? "x[0-9]{3}" : "[0-9]{3}";
      if (!group.matches(want)) {
        return Optional.empty();
      }
      digits.append(i < last ? group.substring(1) : group);
    }
    if (digits.length() > 18) { // beyond any index a long holds in whole groups
      return Optional.empty();
    }
    TilePath tile = new TilePath(entries, level, Long.parseLong(digits.toString()), width);
    return tile.path().equals(path) ? Optional.of(tile) : Optional.empty();
  }

  /** The canonical path after {@code tile/}. */
  public String path() {
    return (entries ? "entries" : Integer.toString(level)) + "/" + encodeIndex(index)
        + (partial() ? ".p/" + width : "");
  }

  /** {@code 5} → {@code 005}; {@code 1234067} → {@code x001/x234/067}. */
  public static String encodeIndex(long index) {
    String s = Long.toString(index);
    int pad = (3 - s.length() % 3) % 3;
    s = "0".repeat(pad) + s;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i += 3) {
      if (i + 3 < s.length()) {
        out.append('x').append(s, i, i + 3).append('/');
      } else {
        out.append(s, i, i + 3);
      }
    }
    return out.toString();
  }
}
