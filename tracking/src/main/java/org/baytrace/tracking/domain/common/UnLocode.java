package org.baytrace.tracking.domain.common;

import java.util.Map;
import java.util.regex.Pattern;
import org.baytrace.tracking.domain.common.Quoted;

/**
 * UN/LOCODE port codes: two capital letters of country (ISO 3166-1) and three characters of place
 * (letters or digits 2–9). Only the format is enforced; a short table names the Greater Bay Area
 * ports the examples use, for pages. Stateless.
 */
public final class UnLocode {
  private static final Pattern FORMAT = Pattern.compile("[A-Z]{2}[A-Z2-9]{3}");

  /** Greater Bay Area river and sea ports of the examples, code → name. */
  public static final Map<String, String> KNOWN = Map.ofEntries(
      Map.entry("CNNSA", "Nansha (Guangzhou)"),
      Map.entry("CNHUA", "Huangpu (Guangzhou)"),
      Map.entry("CNCAN", "Guangzhou"),
      Map.entry("CNFOS", "Foshan"),
      Map.entry("CNZQG", "Zhaoqing"),
      Map.entry("CNSHK", "Shekou (Shenzhen)"),
      Map.entry("CNYTN", "Yantian (Shenzhen)"),
      Map.entry("CNZUH", "Zhuhai"),
      Map.entry("CNJMN", "Jiangmen"),
      Map.entry("CNZSN", "Zhongshan"),
      Map.entry("HKHKG", "Hong Kong"),
      Map.entry("MOMFM", "Macau"));

  private UnLocode() {}

  /** {@code code} if well-formed, else INVALID_FIELD naming {@code field}. */
  public static String check(String field, String code) {
    if (!FORMAT.matcher(code).matches()) {
      throw Fields.invalid(field + ": got " + Quoted.of(code) + ", want a UN/LOCODE such as \"CNNSA\"");
    }
    return code;
  }

  /** "Nansha (Guangzhou)" for a known code, else the code itself. */
  public static String name(String code) {
    return KNOWN.getOrDefault(code, code);
  }
}
