package org.baytrace.tracking.node.epcis.capture;

import org.baytrace.tracking.node.epcis.EpcisVersions;

/**
 * The EPCIS 2.0 REST binding's headers that capture reads and writes, and the versions this node
 * speaks. Requests may name the EPCIS and CBV versions they use; any 2.x is accepted (the schema
 * is EPCIS 2.0's), anything else is refused with 400 naming the header. Stateless.
 */
final class EpcisHeaders {
  static final String EPCIS_VERSION = "GS1-EPCIS-Version";
  static final String CBV_VERSION = "GS1-CBV-Version";
  static final String EPCIS_MIN = "GS1-EPCIS-Min";
  static final String EPCIS_MAX = "GS1-EPCIS-Max";
  static final String CBV_MIN = "GS1-CBV-Min";
  static final String CBV_MAX = "GS1-CBV-Max";
  static final String CAPTURE_LIMIT = "GS1-EPCIS-Capture-Limit";
  static final String CAPTURE_FILE_SIZE_LIMIT = "GS1-EPCIS-Capture-File-Size-Limit";
  static final String EXTENSIONS = "GS1-Extensions";

  static final String EPCIS_VERSION_VALUE = "2.0.0";
  static final String CBV_VERSION_VALUE = "2.0.0";

  private EpcisHeaders() {}

  /**
   * Checks a version header: absent, or a 2.x version ({@code 2}, {@code 2.0}, {@code 2.0.0}, …).
   *
   * @throws CaptureProblem 400 naming the header if malformed, 406 for a version this node does not speak
   */
  static void checkVersion(String header, String value) {
    EpcisVersions.Refusal r = EpcisVersions.check(h -> h.equals(header) ? value : null);
    if (r == null) {
      return;
    }
    throw (r.status() == 406 ? CaptureProblem.notAcceptable(r.detail()) : CaptureProblem.validation(r.detail()))
        .with("header", header);
  }
}
