package org.baytrace.tracking.domain.gs1;

import java.time.YearMonth;
import java.util.Map;
import java.util.Set;

/**
 * The data attributes of a GS1 Digital Link query string ({@code ?17=261231&3103=000189}), checked
 * against their formats in the GS1 General Specifications §3.2: dates YYMMDD (day 00 allowed),
 * date-times, the six-digit measures 31nn..36nn, the handling flags 4321..4323, counts, prices,
 * country codes, and the alphanumeric attributes in character set 82 with their maximum lengths.
 * Key AIs and key qualifiers belong in the path, and an AI not listed here is refused, so that a
 * typo never passes as data. Stateless.
 */
public final class DigitalLinkAttributes {
  private DigitalLinkAttributes() {}

  /** Formats: D6 date, DT10 date-time, Nn fixed digits, N..n up to n digits, X..n set 82, F flag. */
  private static final Map<String, String> FORMATS =
      Map.ofEntries(
          Map.entry("02", "N14 GTIN of contained trade items"),
          Map.entry("11", "D6 production date"),
          Map.entry("12", "D6 due date"),
          Map.entry("13", "D6 packaging date"),
          Map.entry("15", "D6 best before date"),
          Map.entry("16", "D6 sell by date"),
          Map.entry("17", "D6 expiration date"),
          Map.entry("20", "N2 internal product variant"),
          Map.entry("30", "N..8 variable count"),
          Map.entry("37", "N..8 count of trade items"),
          Map.entry("240", "X..30 additional product identification"),
          Map.entry("241", "X..30 customer part number"),
          Map.entry("242", "N..6 made-to-order variation"),
          Map.entry("243", "X..20 packaging component number"),
          Map.entry("250", "X..30 secondary serial number"),
          Map.entry("251", "X..30 reference to source entity"),
          Map.entry("422", "C3 country of origin"),
          Map.entry("424", "C3 country of processing"),
          Map.entry("426", "C3 country of full process chain"),
          Map.entry("427", "X..3 country subdivision of origin"),
          Map.entry("4300", "X..35 ship-to company name"),
          Map.entry("4301", "X..35 ship-to contact"),
          Map.entry("4307", "X2 ship-to country code"),
          Map.entry("4321", "F dangerous goods flag"),
          Map.entry("4322", "F authority to leave flag"),
          Map.entry("4323", "F signature required flag"),
          Map.entry("4324", "DT10 not before delivery date-time"),
          Map.entry("4325", "DT10 not after delivery date-time"),
          Map.entry("4326", "D6 release date"),
          Map.entry("7002", "X..30 UN/ECE meat carcass classification"),
          Map.entry("7003", "DT10 expiration date and time"),
          Map.entry("7004", "N..4 active potency"),
          Map.entry("7005", "X..12 catch area"),
          Map.entry("7006", "D6 first freeze date"),
          Map.entry("7007", "DR date or date range"),
          Map.entry("7008", "X..3 species for fishery purposes"),
          Map.entry("7009", "X..10 fishing gear type"),
          Map.entry("7010", "X..2 production method"),
          Map.entry("7020", "X..20 refurbishment lot"),
          Map.entry("7021", "X..20 functional status"),
          Map.entry("7022", "X..20 revision status"),
          Map.entry("8005", "N6 price per unit of measure"),
          Map.entry("8008", "PT date and time of production"),
          Map.entry("90", "X..30 mutually agreed information"));

  /** AIs that identify (keys and key qualifiers): a Digital Link carries them in the path. */
  private static final Set<String> PATH_ONLY =
      Set.of("00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006",
          "8010", "8017", "8018", "22", "10", "21", "235", "254", "8011", "8019");

  /** True if {@code ai} identifies (a key or key qualifier), so a Digital Link has it in the path. */
  static boolean isPathOnly(String ai) {
    return PATH_ONLY.contains(ai);
  }

  /** True if a query parameter name is a GS1 AI (2 to 4 digits) rather than a resolver option. */
  public static boolean isAi(String name) {
    return name.length() >= 2 && name.length() <= 4 && CheckDigit.isDigits(name);
  }

  /**
   * Checks one data attribute.
   *
   * @throws InvalidTraceCodeException as {@code AI 17 (expiration date): got "261331", want ...}
   */
  public static void check(String ai, String value) {
    if (PATH_ONLY.contains(ai)) {
      throw new InvalidTraceCodeException(
          "AI " + ai + " (" + DigitalLink.name(ai) + "): got it in the query string, want it in"
              + " the path (keys and key qualifiers identify; only data attributes go after ?)");
    }
    String format = formatOf(ai);
    if (format == null) {
      throw new InvalidTraceCodeException(
          "AI " + ai + ": got an AI this resolver does not know as a data attribute, want one of"
              + " the GS1 data attributes (dates 11-17, measures 31nn-36nn, 4321-4326, 7003,"
              + " 30, 37, ... see tracking/README.md) or company-internal 91-99");
    }
    int space = format.indexOf(' ');
    String kind = format.substring(0, space);
    String field = "AI " + ai + " (" + format.substring(space + 1) + ")";
    String problem = problem(kind, value);
    if (problem != null) {
      throw new InvalidTraceCodeException(field + ": got \"" + value + "\", want " + problem);
    }
  }

  private static String formatOf(String ai) {
    String f = FORMATS.get(ai);
    if (f != null) {
      return f;
    }
    if (ai.length() == 2 && ai.compareTo("91") >= 0 && ai.compareTo("99") <= 0) {
      return "X..90 company internal information";
    }
    if (ai.length() == 4 && isMeasure(ai)) {
      return "N6 trade or logistic measure, " + ai.charAt(3) + " decimal places";
    }
    if (ai.length() == 4 && ai.startsWith("39") && ai.charAt(2) <= '3') {
      // 390n/392n: amount; 391n/393n: ISO 4217 currency then amount
      return (ai.charAt(2) == '1' || ai.charAt(2) == '3' ? "CN15 " : "N..15 ") + "amount payable, "
          + ai.charAt(3) + " decimal places";
    }
    return null;
  }

  /** 310n..316n, 320n..329n, 330n..337n, 340n..349n, 350n..357n, 360n..369n with n 0..5. */
  private static boolean isMeasure(String ai) {
    if (ai.charAt(0) != '3' || ai.charAt(3) > '5') {
      return false;
    }
    int group = Integer.parseInt(ai.substring(0, 3));
    return (group >= 310 && group <= 316) || (group >= 320 && group <= 337)
        || (group >= 340 && group <= 357) || (group >= 360 && group <= 369);
  }

  /** Null if {@code value} fits {@code kind}, else what is wanted. */
  private static String problem(String kind, String v) {
    switch (kind) {
      case "D6":
        return date(v) ? null : "a date YYMMDD (month 01-12, day 00-31 within the month; 00 = end of month)";
      case "DT10":
        return v.length() == 10 && date(v.substring(0, 6)) && hhmm(v.substring(6)) ? null : "a date and time YYMMDDHHMM";
      case "DR":
        return (v.length() == 6 && date(v))
            || (v.length() == 12 && date(v.substring(0, 6)) && date(v.substring(6)))
            ? null : "a date YYMMDD or a range YYMMDDYYMMDD";
      case "PT":
        return (v.length() == 8 || v.length() == 10 || v.length() == 12) && CheckDigit.isDigits(v)
            && date(v.substring(0, 6)) && Integer.parseInt(v.substring(6, 8)) < 24
            ? null : "YYMMDDHH with optional MM and SS (8, 10 or 12 digits)";
      case "F":
        return v.equals("0") || v.equals("1") ? null : "a flag 0 or 1";
      case "C3":
        return v.length() == 3 && CheckDigit.isDigits(v) ? null : "an ISO 3166 numeric country code (3 digits)";
      case "CN15":
        return v.length() >= 4 && v.length() <= 18 && CheckDigit.isDigits(v)
            ? null : "an ISO 4217 numeric currency (3 digits) then 1 to 15 digits";
      default:
        break;
    }
    if (kind.startsWith("N..")) {
      int max = Integer.parseInt(kind.substring(3));
      return CheckDigit.isDigits(v) && v.length() <= max ? null : "1 to " + max + " digits";
    }
    if (kind.startsWith("N")) {
      int n = Integer.parseInt(kind.substring(1));
      return CheckDigit.isDigits(v) && v.length() == n ? null : "exactly " + n + " digits";
    }
    boolean fixed = !kind.startsWith("X..");
    int max = Integer.parseInt(kind.substring(fixed ? 1 : 3));
    if (v.isEmpty() || v.length() > max || (fixed && v.length() != max)) {
      return fixed ? "exactly " + max + " characters" : "1 to " + max + " characters";
    }
    for (int i = 0; i < v.length(); i++) {
      if (!Ai82.isAllowed(v.charAt(i))) {
        return "characters of the GS1 set 82 (" + Ai82.describe(v.charAt(i)) + " at position " + (i + 1)
            + " is not)";
      }
    }
    return null;
  }

  /** YYMMDD: month 01-12, day 00 (no specific day) or a day that exists in that month. */
  private static boolean date(String v) {
    if (v.length() != 6 || !CheckDigit.isDigits(v)) {
      return false;
    }
    int yy = Integer.parseInt(v.substring(0, 2));
    int mm = Integer.parseInt(v.substring(2, 4));
    int dd = Integer.parseInt(v.substring(4, 6));
    if (mm < 1 || mm > 12) {
      return false;
    }
    return dd <= YearMonth.of(2000 + yy, mm).lengthOfMonth();
  }

  private static boolean hhmm(String v) {
    return CheckDigit.isDigits(v) && Integer.parseInt(v.substring(0, 2)) < 24
        && Integer.parseInt(v.substring(2, 4)) < 60;
  }
}
