package org.baytrace.tracking.domain.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Index keys sort as their values do: a naive comparison of the values is the reference. */
class KeysTest {
  private final Random random = new Random(20260101);

  @Test
  void doubles_sortAsNumbers() {
    double[] special = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1.5, -Double.MIN_VALUE, -0.0, 0.0,
        Double.MIN_VALUE, 1e-300, 2.0, 26.2, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
    for (int i = 0; i < 20_000; i++) {
      double a = i < special.length ? special[i] : random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
      double b = special[random.nextInt(special.length)];
      if (random.nextBoolean()) {
        b = random.nextGaussian() * 100;
      }
      int want = Double.compare(a == 0.0 ? 0.0 : a, b == 0.0 ? 0.0 : b);
      int got = Long.compareUnsigned(Keys.sortableDouble(a), Keys.sortableDouble(b));
      assertEquals(Integer.signum(want), Integer.signum(got), a + " vs " + b);
      assertEquals(Integer.signum(want), Integer.signum(Keys.compare(Keys.be64(Keys.sortableDouble(a)),
          Keys.be64(Keys.sortableDouble(b)))), a + " vs " + b + " as bytes");
    }
  }

  @Test
  void instantsAndSignedLongs_sortAsTime() {
    for (int i = 0; i < 20_000; i++) {
      Instant a = Instant.ofEpochSecond(random.nextLong() % 100_000_000_000L, random.nextInt(1_000_000_000));
      Instant b = random.nextInt(10) == 0 ? a.plusNanos(random.nextInt(3) - 1)
          : Instant.ofEpochSecond(random.nextLong() % 100_000_000_000L, random.nextInt(1_000_000_000));
      assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(Keys.compare(Keys.time(a), Keys.time(b))), a + " " + b);
      long x = random.nextLong();
      long y = random.nextInt(5) == 0 ? -x : random.nextLong();
      assertEquals(Integer.signum(Long.compare(x, y)), Integer.signum(Keys.compare(Keys.signed64(x), Keys.signed64(y))));
    }
  }

  @Test
  void strings_sortAsTheirUtf8_andNoneIsAPrefixOfAnother() {
    String alphabet = "\u0000\u0001\u0002a/b:\u00ff\u4e2d\ud83d\ude00";
    for (int i = 0; i < 20_000; i++) {
      String a = randomString(alphabet);
      String b = random.nextInt(4) == 0 ? a + randomString(alphabet) : randomString(alphabet);
      int want = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
      byte[] ka = Keys.str(a);
      byte[] kb = Keys.str(b);
      assertEquals(Integer.signum(want), Integer.signum(Keys.compare(ka, kb)), "'" + a + "' vs '" + b + "'");
      if (!a.equals(b)) {
        assertFalse(startsWith(kb, ka), "a terminated key is a prefix of another");
        byte[] prefix = Keys.strPrefix(a);
        byte[] end = Keys.after(prefix);
        assertEquals(b.startsWith(a), startsWith(kb, prefix) && (end == null || Keys.compare(kb, end) < 0),
            "prefix scan of '" + a + "' over '" + b + "'");
      }
    }
  }

  @Test
  void after_isTheFirstKeyPastAPrefix() {
    assertEquals("[98]", Arrays.toString(Keys.after(new byte[] {97})));
    assertEquals("[97, 1]", Arrays.toString(Keys.after(new byte[] {97, 0})));
    assertEquals("[98]", Arrays.toString(Keys.after(new byte[] {97, (byte) 0xFF})));
    assertNull(Keys.after(new byte[] {(byte) 0xFF, (byte) 0xFF}));
    assertEquals(41L, Keys.ledgerIndexOf(Keys.indexKey(Keys.str("x"), 41)));
    assertTrue(Keys.compare(Keys.indexKey(Keys.str("x"), 2), Keys.indexKey(Keys.str("x"), 10)) < 0);
  }

  private String randomString(String alphabet) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      int at = random.nextInt(alphabet.length());
      char c = alphabet.charAt(at);
      if (Character.isHighSurrogate(c)) {
        sb.append(c).append(alphabet.charAt(at + 1));
      } else if (!Character.isLowSurrogate(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
  }
}
