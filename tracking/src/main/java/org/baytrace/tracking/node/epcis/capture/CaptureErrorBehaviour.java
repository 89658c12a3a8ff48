package org.baytrace.tracking.node.epcis.capture;

import java.util.Locale;

/**
 * The EPCIS REST binding's {@code GS1-Capture-Error-Behaviour}: what a capture job does when some
 * of its events are refused. {@code all} is only announced by servers (this one supports both).
 */
enum CaptureErrorBehaviour {
  /** All or nothing (the default, as in EPCIS 1.2): one refused event and none is stored. */
  ROLLBACK,
  /** Greedy: every acceptable event is stored; the refused ones are listed. */
  PROCEED;

  static final String HEADER = "GS1-Capture-Error-Behaviour";

  /** The header's value for this behaviour. */
  String headerValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads the request header; absent or blank means {@link #ROLLBACK}.
   *
   * @throws CaptureProblem 400 naming the header for any other value
   */
  static CaptureErrorBehaviour fromHeader(String value) {
    if (value == null || value.isBlank()) {
      return ROLLBACK;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "rollback" -> ROLLBACK;
      case "proceed" -> PROCEED;
      default -> throw CaptureProblem.validation(HEADER + ": got \"" + value.strip()
          + "\", want \"rollback\" (the default: all or nothing) or \"proceed\" (store what can be stored)")
          .with("header", HEADER);
    };
  }
}
