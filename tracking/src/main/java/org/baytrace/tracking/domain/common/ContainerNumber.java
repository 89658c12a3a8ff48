package org.baytrace.tracking.domain.common;

import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.common.Quoted;

/**
 * An ISO 6346 container number: owner code (3 letters), equipment category (U, J or Z), six-digit
 * serial number and check digit, e.g. {@code CSQU3054383}. Immutable.
 */
public record ContainerNumber(String value) {
  /** Prefix of a container's subject: {@code urn:baytrace:container:{number}}. */
  public static final String URN_PREFIX = "urn:baytrace:container:";

  public ContainerNumber {
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** The container number in {@code value}, or INVALID_FIELD naming {@code field}. */
  public static ContainerNumber parse(String field, String value) {
    String problem = problem(value);
    if (problem != null) {
      throw Fields.invalid(field + ": got " + Quoted.of(value) + ", want an ISO 6346 container number ("
          + problem + ")");
    }
    return new ContainerNumber(value);
  }

  /** Reads a container subject {@code urn:baytrace:container:{number}}. */
  public static ContainerNumber fromUrn(String field, String urn) throws LedgerException {
    if (!urn.startsWith(URN_PREFIX)) {
      throw Fields.invalid(field + ": got " + Quoted.of(urn) + ", want " + URN_PREFIX + "{ISO 6346 number}");
    }
    return parse(field, urn.substring(URN_PREFIX.length()));
  }

  public String urn() {
    return URN_PREFIX + value;
  }

  /** The ISO 6346 check digit of the first ten characters (owner code, category, serial). */
  public static int checkDigit(String first10) {
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      char c = first10.charAt(i);
      sum += (c >= '0' && c <= '9' ? c - '0' : letterValue(c)) << i;
    }
    return sum % 11 % 10;
  }

  /** A=10, B=12 …: letters count from 10 upwards, skipping multiples of 11. */
  static int letterValue(char c) {
    int v = 10 + (c - 'A');
    return v + (v - 1) / 10; // 11, 22, 33 are skipped
  }

  /** Null if {@code s} is a valid ISO 6346 container number; else what is wrong with it. */
  public static String problem(String s) {
    if (s == null || s.length() != 11) {
      return "11 characters";
    }
    for (int i = 0; i < 3; i++) {
      if (s.charAt(i) < 'A' || s.charAt(i) > 'Z') {
        return "owner code of 3 capital letters";
      }
    }
    if ("UJZ".indexOf(s.charAt(3)) < 0) {
      return "category U, J or Z at position 4";
    }
    for (int i = 4; i < 11; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return "serial number and check digit of 7 digits";
      }
    }
    int want = checkDigit(s);
    if (s.charAt(10) - '0' != want) {
      return "check digit " + s.charAt(10) + ", want " + want;
    }
    return null;
  }

  @Override
  public String toString() {
    return value;
  }
}
