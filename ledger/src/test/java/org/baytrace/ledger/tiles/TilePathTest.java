package org.baytrace.ledger.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Tile paths as C2SP tlog-tiles spells them, and only that spelling. */
class TilePathTest {
  @Test
  void index_isWrittenInGroupsOfThree_withAnXBeforeAllButTheLast() {
    assertEquals("000", TilePath.encodeIndex(0));
    assertEquals("005", TilePath.encodeIndex(5));
    assertEquals("999", TilePath.encodeIndex(999));
    assertEquals("x001/000", TilePath.encodeIndex(1000));
    assertEquals("x001/x234/067", TilePath.encodeIndex(1_234_067));
  }

  @Test
  void canonicalPaths_parse_andPrintBackTheSame() {
    assertEquals(new TilePath(false, 0, 1_234_067, 256), TilePath.parse("0/x001/x234/067").orElseThrow());
    assertEquals(new TilePath(false, 2, 3, 17), TilePath.parse("2/003.p/17").orElseThrow());
    assertEquals(new TilePath(true, 0, 0, 255), TilePath.parse("entries/000.p/255").orElseThrow());
    assertEquals(new TilePath(true, 0, 1000, 256), TilePath.parse("entries/x001/000").orElseThrow());
    for (String p : List.of("0/x001/x234/067", "2/003.p/17", "entries/000.p/255", "63/000")) {
      assertEquals(p, TilePath.parse(p).orElseThrow().path());
    }
  }

  @Test
  void otherSpellings_areNotTiles() {
    for (String p : List.of("0/5", "0/0005", "0/x000/005", "00/000", "64/000", "0/000.p/0", "0/000.p/256",
        "0/000.p/017", "0/x001", "0/001/234", "entries/x01/000", "1/entries/000", "0/000/", "0", "", "-1/000",
        "0/abc", "entries/000.p", "0/000.p/1/2")) {
      assertTrue(TilePath.parse(p).isEmpty(), p);
    }
  }

  @Test
  void aTileExists_onceTheLogHasEveryLeafItsHashesCover() {
    assertEquals(OptionalLong.of(256), Tiles.leavesNeeded(new TilePath(false, 0, 0, 256)));
    assertEquals(OptionalLong.of(256), Tiles.leavesNeeded(new TilePath(false, 1, 0, 1)));
    assertEquals(OptionalLong.of(3L * 65_536), Tiles.leavesNeeded(new TilePath(false, 2, 0, 3)));
    assertEquals(OptionalLong.empty(), Tiles.leavesNeeded(new TilePath(false, 9, 0, 1)));
    // The tree of 70,000 leaves from the spec: 273 full level-0 tiles and one of width 112, one full
    // level-1 tile and one of width 17, one level-2 tile of width 1.
    long size = 70_000;
    assertTrue(Tiles.exists(new TilePath(false, 0, 272, 256), size));
    assertTrue(!Tiles.exists(new TilePath(false, 0, 273, 256), size));
    assertTrue(Tiles.exists(new TilePath(false, 0, 273, 112), size));
    assertTrue(!Tiles.exists(new TilePath(false, 0, 273, 113), size));
    assertTrue(Tiles.exists(new TilePath(false, 1, 0, 256), size));
    assertTrue(Tiles.exists(new TilePath(false, 1, 1, 17), size));
    assertTrue(!Tiles.exists(new TilePath(false, 1, 1, 18), size));
    assertTrue(Tiles.exists(new TilePath(false, 2, 0, 1), size));
    assertTrue(!Tiles.exists(new TilePath(false, 3, 0, 1), size));
    assertTrue(!Tiles.exists(new TilePath(false, 63, Long.MAX_VALUE / 256, 255), Long.MAX_VALUE));
  }
}
