package org.baytrace.tracking.node.epcis.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of GS1's EPCIS 2.0 JSON schema ({@code EPCIS-JSON-Schema.json}, draft-07), written
 * here as code so that the node needs no file beside it to validate capture documents and single
 * events.
 *
 * <p>Each method below is one definition of the schema and names it in the violations it reports
 * ({@code schemaLocation} {@value #ID}{@code #/definitions/...}). Draft-07's meaning is kept:
 * {@code properties} judge a member only when it is present; {@code format: uri} is an absolute
 * RFC 3986 URI ({@link URI#isAbsolute}); {@code format: date-time} is RFC 3339;
 * {@code pattern} is found anywhere unless anchored. {@code EpcisSchemaEquivalenceTest} runs GS1's
 * own schema and this code over every example in the shared test data and many changed copies of
 * each, and requires the same verdict every time.
 *
 * <p>Stateless; thread-safe.
 */
public final class EpcisSchema {
  /** The {@code $id} of GS1's schema, which these rules follow. */
  public static final String ID = "https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json";
  /** At most this many violations are reported for one document (the first ones by JSON pointer). */
  public static final int MAX_VIOLATIONS = 20;

  private static final EpcisSchema GS1 = new EpcisSchema();

  static final Set<String> EVENT_TYPES = Set.of(
      "ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent");
  private static final Set<String> ACTIONS = Set.of("OBSERVE", "ADD", "DELETE");
  private static final Set<String> BIZ_STEPS = Set.of("accepting", "arriving", "assembling", "collecting",
      "commissioning", "consigning", "creating_class_instance", "cycle_counting", "decommissioning", "departing",
      "destroying", "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting",
      "installing", "killing", "loading", "other", "packing", "picking", "receiving", "removing", "repackaging",
      "repairing", "replacing", "reserving", "retail_selling", "shipping", "staging_outbound", "stock_taking",
      "stocking", "storing", "transporting", "unloading", "unpacking", "void_shipping", "sensor_reporting",
      "sampling");
  private static final Set<String> DISPOSITIONS = Set.of("active", "container_closed", "damaged", "destroyed",
      "dispensed", "disposed", "encoded", "expired", "in_progress", "in_transit", "inactive", "no_pedigree_match",
      "non_sellable_other", "partially_dispensed", "recalled", "reserved", "retail_sold", "returned",
      "sellable_accessible", "sellable_not_accessible", "stolen", "unknown", "available", "completeness_verified",
      "completeness_inferred", "conformant", "container_open", "mismatch_instance", "mismatch_class",
      "mismatch_quantity", "needs_replacement", "non_conformant", "unavailable");
  private static final Set<String> BIZ_TRANSACTION_TYPES = Set.of("bol", "cert", "desadv", "inv", "pedigree", "po",
      "poc", "prodorder", "recadv", "rma", "testprd", "testres", "upevt");
  private static final Set<String> SOURCE_DEST_TYPES = Set.of("owning_party", "possessing_party", "location");
  private static final Set<String> ERROR_REASONS = Set.of("did_not_occur", "incorrect_data");
  private static final Set<String> MEASUREMENT_TYPES = Set.of("AbsoluteHumidity", "AbsorbedDose",
      "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude", "AmountOfSubstance",
      "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration", "AngularMomentum", "AngularVelocity", "Area",
      "Capacitance", "Conductance", "Conductivity", "Count", "Density", "Dimensionless", "DoseEquivalent",
      "DoseEquivalentRate", "DynamicViscosity", "ElectricCharge", "ElectricCurrent", "ElectricCurrentDensity",
      "ElectricFieldStrength", "Energy", "Exposure", "Force", "Frequency", "Illuminance", "Inductance", "Irradiance",
      "KinematicViscosity", "Length", "LinearMomentum", "Luminance", "LuminousFlux", "LuminousIntensity",
      "MagneticFlux", "MagneticFluxDensity", "MagneticVectorPotential", "Mass", "MassConcentration", "MassFlowRate",
      "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass", "MolarVolume", "Power",
      "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity", "Resistance", "Resistivity", "SolidAngle",
      "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension", "Temperature", "Time", "Torque", "Voltage",
      "Volume", "VolumeFlowRate", "VolumeFraction", "VolumetricFlux", "Wavenumber");
  private static final Set<String> ALERT_TYPES = Set.of("ALARM_CONDITION", "ERROR_CONDITION");
  private static final Set<String> COMPONENTS = Set.of("x", "y", "z", "axial_distance", "azimuth", "height",
      "spherical_radius", "polar_angle", "elevation_angle", "easting", "northing", "latitude", "longitude",
      "altitude");

  private static final Set<String> COMMON_EVENT_MEMBERS = Set.of("@context", "type", "eventTime", "recordTime",
      "eventTimeZoneOffset", "eventID", "certificationInfo", "errorDeclaration");
  private static final Set<String> OBJECT_EVENT_MEMBERS = Set.of("action", "epcList", "quantityList", "bizStep",
      "disposition", "persistentDisposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList",
      "destinationList", "sensorElementList", "ilmd");
  private static final Set<String> PARENT_CHILD_EVENT_MEMBERS = Set.of("parentID", "childEPCs", "childQuantityList",
      "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList",
      "destinationList", "sensorElementList");
  private static final Set<String> TRANSACTION_EVENT_MEMBERS = Set.of("bizTransactionList", "parentID", "epcList",
      "quantityList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "sourceList",
      "destinationList", "sensorElementList");
  private static final Set<String> TRANSFORMATION_EVENT_MEMBERS = Set.of("inputEPCList", "inputQuantityList",
      "outputEPCList", "outputQuantityList", "transformationID", "bizStep", "disposition", "persistentDisposition",
      "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList",
      "ilmd");
  private static final Set<String> DOCUMENT_MEMBERS = Set.of("@context", "id", "type", "schemaVersion",
      "creationDate", "instanceIdentifier", "sender", "receiver", "epcisHeader", "epcisBody");
  private static final Set<String> QUERY_DOCUMENT_MEMBERS = Set.of("@context", "id", "type", "schemaVersion",
      "creationDate", "epcisBody");
  private static final Set<String> SENSOR_METADATA_MEMBERS = Set.of("time", "deviceID", "deviceMetadata", "rawData",
      "startTime", "endTime", "dataProcessingMethod", "bizRules");
  private static final Set<String> SENSOR_REPORT_MEMBERS = Set.of("type", "exception", "deviceID", "deviceMetadata",
      "rawData", "dataProcessingMethod", "bizRules", "time", "microorganism", "chemicalSubstance",
      "coordinateReferenceSystem", "value", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue",
      "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue", "uom");
  private static final Set<String> SENSOR_REPORT_URIS = Set.of("deviceID", "deviceMetadata", "rawData",
      "dataProcessingMethod", "bizRules", "microorganism", "chemicalSubstance", "coordinateReferenceSystem",
      "uriValue");
  private static final Set<String> SENSOR_REPORT_DECIMALS = Set.of("value", "minValue", "maxValue", "meanValue",
      "sDev", "percRank", "percValue");

  private static final Pattern VERSION = Pattern.compile("^\\d+(\\.\\d+)*$");
  private static final Pattern TIME_ZONE_OFFSET = Pattern.compile("^([+]|[-])((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$");
  private static final Pattern UOM = Pattern.compile("^[A-Z0-9]{2,3}$");
  private static final Pattern HEX_BINARY = Pattern.compile("^[A-Fa-f0-9]+$");
  private static final Pattern NOT_CBV = Pattern.compile("^(?!(urn:epcglobal:cbv|https?://ns\\.gs1\\.org/cbv/))");
  private static final Pattern NOT_GS1_WEB_VOC = Pattern.compile("^(?!(https?://gs1\\.org/voc/|https?://www\\.gs1\\.org/voc/))");
  /** RFC 3339 {@code date-time}: full date, {@code T}, full time with optional fraction, offset. */
  private static final Pattern DATE_TIME = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|([+-])(\\d{2}):(\\d{2}))");

  private EpcisSchema() {
  }

  /** GS1's EPCIS 2.0 JSON schema. */
  public static EpcisSchema gs1() {
    return GS1;
  }

  /** The {@code $id} of the schema these rules follow. */
  public String id() {
    return ID;
  }

  /**
   * Validates an EPCIS document or a single event (with its {@code @context}). Returns the
   * violations without repeats, the most deeply nested first (then by pointer), at most
   * {@link #MAX_VIOLATIONS}; empty if {@code instance} is valid.
   */
  public List<SchemaViolation> validate(JsonNode instance) {
    Run run = new Run();
    run.root(instance);
    if (run.out.isEmpty()) {
      return List.of();
    }
    // Deepest first: a violation inside an event usually explains the ones its parents report.
    Comparator<SchemaViolation> deepestFirst = Comparator.comparingLong(
        (SchemaViolation v) -> v.pointer().chars().filter(c -> c == '/').count()).reversed();
    return new LinkedHashSet<>(run.out).stream()
        .sorted(deepestFirst.thenComparing(SchemaViolation::pointer).thenComparing(SchemaViolation::keyword))
        .limit(MAX_VIOLATIONS)
        .toList();
  }

  /** {@code format: uri}: parses as RFC 3986 and is absolute (has a scheme). */
  static boolean isUri(String s) {
    try {
      return new URI(s).isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** {@code format: date-time}: RFC 3339, with a date that exists and a time of day in range. */
  static boolean isDateTime(String s) {
    Matcher m = DATE_TIME.matcher(s);
    if (!m.matches()) {
      return false;
    }
    try {
      LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (DateTimeException e) {
      return false;
    }
    int hour = Integer.parseInt(m.group(4));
    int minute = Integer.parseInt(m.group(5));
    int second = Integer.parseInt(m.group(6));
    if (hour > 23 || minute > 59 || second > 59) {
      return false;
    }
    return m.group(9) == null || (Integer.parseInt(m.group(10)) <= 23 && Integer.parseInt(m.group(11)) <= 59);
  }

  private static boolean isEventType(String t) {
    return t != null && EVENT_TYPES.contains(t);
  }

  private static String ptr(String parent, String member) {
    return parent + "/" + member.replace("~", "~0").replace("/", "~1");
  }

  private static String where(String definition) {
    return ID + "#/definitions/" + definition;
  }

  /** One validation: collects violations; {@link #passes} tries a branch of an anyOf. */
  private static final class Run {
    final List<SchemaViolation> out = new ArrayList<>();

    void fail(String pointer, String keyword, String message, String definition) {
      out.add(new SchemaViolation(pointer, keyword, message, where(definition)));
    }

    static boolean passes(Consumer<Run> branch) {
      Run r = new Run();
      branch.accept(r);
      return r.out.isEmpty();
    }

    // ---- shapes ----

    boolean object(JsonNode n, String p, String def) {
      if (!n.isObject()) {
        fail(p, "type", "got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", want object",
            def + "/type");
        return false;
      }
      return true;
    }

    boolean array(JsonNode n, String p, String def) {
      if (!n.isArray()) {
        fail(p, "type", "got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", want array",
            def + "/type");
        return false;
      }
      return true;
    }

    boolean string(JsonNode n, String p, String def) {
      if (!n.isTextual()) {
        fail(p, "type", "got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", want string",
            def + "/type");
        return false;
      }
      return true;
    }

    void number(JsonNode n, String p, String def) {
      if (!n.isNumber()) {
        fail(p, "type", "got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", want number",
            def + "/type");
      }
    }

    void required(JsonNode n, String p, String def, String... members) {
      for (String m : members) {
        if (!n.has(m)) {
          fail(p, "required", "required property '" + m + "' not found", def + "/required");
        }
      }
    }

    void pattern(JsonNode n, String p, String def, Pattern pattern) {
      if (string(n, p, def) && !pattern.matcher(n.asText()).find()) {
        fail(p, "pattern", "got \"" + n.asText() + "\", want a match of " + pattern.pattern(), def + "/pattern");
      }
    }

    void uri(JsonNode n, String p, String def) {
      if (string(n, p, def) && !isUri(n.asText())) {
        fail(p, "format", "got \"" + n.asText() + "\", want an absolute RFC 3986 URI", def + "/format");
      }
    }

    void time(JsonNode n, String p) {
      if (string(n, p, "time") && !isDateTime(n.asText())) {
        fail(p, "format", "got \"" + n.asText() + "\", want an RFC 3339 date-time", "time/format");
      }
    }

    void textEnum(JsonNode n, String p, String def, Set<String> values) {
      if (string(n, p, def) && !values.contains(n.asText())) {
        fail(p, "enum", "got \"" + n.asText() + "\", want one of " + new java.util.TreeSet<>(values), def + "/enum");
      }
    }

    /** {@code anyOf: [a URI not in CBV's own namespace (or GS1's web vocabulary), one of values]}. */
    void vocabulary(JsonNode n, String p, String def, Set<String> values, Pattern notStandard) {
      boolean ok = passes(r -> r.textEnum(n, p, def, values))
          || passes(r -> {
            r.uri(n, p, def);
            r.pattern(n, p, def, notStandard);
          });
      if (!ok) {
        fail(p, "anyOf", "got " + n + ", want one of " + new java.util.TreeSet<>(values)
            + " or a URI outside the standard's own vocabulary", def + "/anyOf");
      }
    }

    void uniqueItems(JsonNode n, String p, String def) {
      Set<JsonNode> seen = new HashSet<>();
      for (JsonNode item : n) {
        if (!seen.add(item)) {
          fail(p, "uniqueItems", "got a repeated item " + item + ", want unique items", def + "/uniqueItems");
          return;
        }
      }
    }

    void minItems(JsonNode n, String p, String def, int min) {
      if (n.size() < min) {
        fail(p, "minItems", "got " + n.size() + " items, want at least " + min, def + "/minItems");
      }
    }

    void items(JsonNode n, String p, ItemRule rule) {
      for (int i = 0; i < n.size(); i++) {
        rule.check(this, n.get(i), p + "/" + i);
      }
    }

    /** An optional array member whose items follow {@code rule}. */
    void arrayOf(JsonNode parent, String p, String member, String def, ItemRule rule) {
      JsonNode n = parent.get(member);
      if (n != null && array(n, ptr(p, member), def)) {
        items(n, ptr(p, member), rule);
      }
    }

    /** Every member name is one of {@code names} or an absolute URI (an extension's term). */
    void memberNames(JsonNode n, String p, String def, Set<String> names) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!names.contains(name) && !isUri(name)) {
          fail(ptr(p, name), "propertyNames", "got member \"" + name + "\", want one of " + new java.util.TreeSet<>(names)
              + " or an extension term (an absolute URI or a prefixed name)", def + "/propertyNames");
        }
      }
    }

    void additionalProperties(JsonNode n, String p, String def, Set<String> allowed) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!allowed.contains(name)) {
          fail(ptr(p, name), "additionalProperties", "got member \"" + name + "\", want only " + new java.util.TreeSet<>(allowed),
              def + "/additionalProperties");
        }
      }
    }

    void member(JsonNode parent, String p, String member, ItemRule rule) {
      JsonNode n = parent.get(member);
      if (n != null) {
        rule.check(this, n, ptr(p, member));
      }
    }

    // ---- definitions ----

    void root(JsonNode n) {
      if (!object(n, "", "")) {
        return;
      }
      required(n, "", "", "type");
      JsonNode type = n.get("type");
      if (type != null) {
        string(type, "/type", "");
      }
      String t = type != null && type.isTextual() ? type.asText() : null;
      if (type == null || "EPCISDocument".equals(t)) {
        epcisDocument(n, "");
      }
      if (type == null || "EPCISQueryDocument".equals(t)) {
        epcisQueryDocument(n, "");
      }
      if (type == null || isEventType(t)) {
        standardEvent(n, "", t);
      }
      if (type != null && !isEventType(t) && !"EPCISDocument".equals(t) && !"EPCISQueryDocument".equals(t)) {
        extendedEvent(n, "");
      }
      if (type == null || !"EPCISDocument".equals(t) && !"EPCISQueryDocument".equals(t)) {
        required(n, "", "required-ld-context", "@context");
      }
    }

    /** The event definitions that apply to an object of type {@code t} (all five when it has none). */
    void standardEvent(JsonNode n, String p, String t) {
      if (t == null || t.equals("ObjectEvent")) {
        objectEvent(n, p);
      }
      if (t == null || t.equals("AggregationEvent")) {
        parentChildEvent(n, p, "AggregationEvent");
      }
      if (t == null || t.equals("TransactionEvent")) {
        transactionEvent(n, p);
      }
      if (t == null || t.equals("TransformationEvent")) {
        transformationEvent(n, p);
      }
      if (t == null || t.equals("AssociationEvent")) {
        parentChildEvent(n, p, "AssociationEvent");
      }
    }

    void documentEvent(JsonNode n, String p) {
      if (!object(n, p, "EPCIS-Document-Event")) {
        return;
      }
      required(n, p, "EPCIS-Document-Event", "type");
      JsonNode type = n.get("type");
      if (type != null) {
        string(type, ptr(p, "type"), "EPCIS-Document-Event/properties/type");
      }
      String t = type != null && type.isTextual() ? type.asText() : null;
      if (type == null || isEventType(t)) {
        standardEvent(n, p, t);
      }
      if (type != null && !isEventType(t)) {
        extendedEvent(n, p);
      }
    }

    void context(JsonNode n, String p) {
      ItemRule one = (r, v, q) -> {
        if (!v.isObject()) {
          r.uri(v, q, "%40context");
        }
      };
      boolean ok = n.isObject()
          || n.isTextual() && isUri(n.asText())
          || n.isArray() && passes(r -> {
            r.uniqueItems(n, p, "%40context");
            r.items(n, p, one);
          });
      if (!ok) {
        fail(p, "anyOf", "got " + n + ", want a context URI, a context object or a list of them (no repeats)",
            "%40context/anyOf");
      }
    }

    void event(JsonNode n, String p) {
      if (!object(n, p, "Event")) {
        return;
      }
      member(n, p, "@context", Run::context);
      member(n, p, "eventTime", (r, v, q) -> r.time(v, q));
      member(n, p, "recordTime", (r, v, q) -> r.time(v, q));
      member(n, p, "eventTimeZoneOffset", (r, v, q) -> r.pattern(v, q, "Event/properties/eventTimeZoneOffset",
          TIME_ZONE_OFFSET));
      member(n, p, "eventID", (r, v, q) -> r.uri(v, q, "eventID"));
      member(n, p, "certificationInfo", Run::certificationInfo);
      member(n, p, "errorDeclaration", Run::errorDeclaration);
      required(n, p, "Event", "eventTime", "eventTimeZoneOffset");
    }

    void certificationInfo(JsonNode n, String p) {
      boolean ok = passes(r -> r.uri(n, p, "uri"))
          || n.isArray() && passes(r -> r.items(n, p, (r2, v, q) -> r2.uri(v, q, "uri")));
      if (!ok) {
        fail(p, "anyOf", "got " + n + ", want a URI or a list of URIs", "certificationInfo/anyOf");
      }
    }

    void errorDeclaration(JsonNode n, String p) {
      String def = "errorDeclaration";
      if (!object(n, p, def)) {
        return;
      }
      member(n, p, "declarationTime", (r, v, q) -> r.time(v, q));
      member(n, p, "reason", (r, v, q) -> r.vocabulary(v, q, "error-reason", ERROR_REASONS, NOT_CBV));
      arrayOf(n, p, "correctiveEventIDs", def, (r, v, q) -> r.uri(v, q, "eventID"));
      required(n, p, def, "declarationTime");
      memberNames(n, p, def, Set.of("declarationTime", "reason", "correctiveEventIDs"));
    }

    void epcList(JsonNode parent, String p, String member) {
      JsonNode n = parent.get(member);
      if (n != null && array(n, ptr(p, member), "epcList")) {
        items(n, ptr(p, member), (r, v, q) -> r.uri(v, q, "uri"));
        uniqueItems(n, ptr(p, member), "epcList");
      }
    }

    void quantityElement(JsonNode n, String p) {
      String def = "quantityElement";
      if (!object(n, p, def)) {
        return;
      }
      member(n, p, "epcClass", (r, v, q) -> r.uri(v, q, "uri"));
      member(n, p, "quantity", (r, v, q) -> r.number(v, q, "decimal"));
      member(n, p, "uom", (r, v, q) -> r.pattern(v, q, "uom", UOM));
      required(n, p, def, "epcClass");
      additionalProperties(n, p, def, Set.of("epcClass", "quantity", "uom"));
    }

    void persistentDisposition(JsonNode n, String p) {
      String def = "persistentDisposition";
      if (!object(n, p, def)) {
        return;
      }
      for (String m : List.of("set", "unset")) {
        JsonNode list = n.get(m);
        if (list != null && array(list, ptr(p, m), def)) {
          items(list, ptr(p, m), (r, v, q) -> r.vocabulary(v, q, "disposition", DISPOSITIONS, NOT_CBV));
          minItems(list, ptr(p, m), def, 1);
          uniqueItems(list, ptr(p, m), def);
        }
      }
      additionalProperties(n, p, def, Set.of("set", "unset"));
      if (!n.has("set") && !n.has("unset")) {
        fail(p, "anyOf", "want \"set\" or \"unset\"", def + "/allOf/1/anyOf");
      }
    }

    void location(JsonNode n, String p, String def) {
      if (object(n, p, def)) {
        member(n, p, "id", (r, v, q) -> r.uri(v, q, "uri"));
        required(n, p, def, "id");
      }
    }

    void bizTransaction(JsonNode n, String p) {
      String def = "bizTransaction";
      if (object(n, p, def)) {
        member(n, p, "type", (r, v, q) -> r.vocabulary(v, q, "bizTransaction-type", BIZ_TRANSACTION_TYPES, NOT_CBV));
        member(n, p, "bizTransaction", (r, v, q) -> r.uri(v, q, "uri"));
        required(n, p, def, "bizTransaction");
        additionalProperties(n, p, def, Set.of("type", "bizTransaction"));
      }
    }

    void sourceOrDestination(JsonNode n, String p, String def) {
      if (object(n, p, def)) {
        member(n, p, "type", (r, v, q) -> r.vocabulary(v, q, "source-dest-type", SOURCE_DEST_TYPES, NOT_CBV));
        member(n, p, def, (r, v, q) -> r.uri(v, q, "uri"));
        required(n, p, def, "type", def);
        additionalProperties(n, p, def, Set.of("type", def));
      }
    }

    void sensorElement(JsonNode n, String p) {
      String def = "sensorElement";
      if (!object(n, p, def)) {
        return;
      }
      member(n, p, "sensorMetadata", Run::sensorMetadata);
      JsonNode reports = n.get("sensorReport");
      if (reports != null && array(reports, ptr(p, "sensorReport"), "sensorReportList")) {
        items(reports, ptr(p, "sensorReport"), Run::sensorReport);
        minItems(reports, ptr(p, "sensorReport"), "sensorReportList", 1);
      }
      required(n, p, def, "sensorReport");
      memberNames(n, p, def, Set.of("sensorMetadata", "sensorReport"));
    }

    void sensorMetadata(JsonNode n, String p) {
      String def = "sensorMetadata";
      if (!object(n, p, def)) {
        return;
      }
      for (String m : List.of("time", "startTime", "endTime")) {
        member(n, p, m, (r, v, q) -> r.time(v, q));
      }
      for (String m : List.of("deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules")) {
        member(n, p, m, (r, v, q) -> r.uri(v, q, "uri"));
      }
      memberNames(n, p, def, SENSOR_METADATA_MEMBERS);
    }

    void sensorReport(JsonNode n, String p) {
      String def = "sensorReport";
      if (!object(n, p, def)) {
        return;
      }
      member(n, p, "type", (r, v, q) -> r.vocabulary(v, q, "measurementType", MEASUREMENT_TYPES, NOT_GS1_WEB_VOC));
      member(n, p, "exception", (r, v, q) -> r.vocabulary(v, q, "sensorAlertType", ALERT_TYPES, NOT_GS1_WEB_VOC));
      for (String m : SENSOR_REPORT_URIS) {
        member(n, p, m, (r, v, q) -> r.uri(v, q, "uri"));
      }
      for (String m : SENSOR_REPORT_DECIMALS) {
        member(n, p, m, (r, v, q) -> r.number(v, q, "decimal"));
      }
      member(n, p, "time", (r, v, q) -> r.time(v, q));
      member(n, p, "component", (r, v, q) -> r.vocabulary(v, q, "component", COMPONENTS, NOT_CBV));
      member(n, p, "stringValue", (r, v, q) -> r.string(v, q, "string"));
      member(n, p, "uom", (r, v, q) -> r.string(v, q, "string"));
      member(n, p, "booleanValue", (r, v, q) -> {
        if (!v.isBoolean()) {
          r.fail(q, "type", "got " + v + ", want boolean", "boolean/type");
        }
      });
      member(n, p, "hexBinaryValue", (r, v, q) -> r.pattern(v, q, "hexBinary", HEX_BINARY));
      required(n, p, def, "type");
      memberNames(n, p, def, SENSOR_REPORT_MEMBERS);
    }

    void ilmd(JsonNode n, String p) {
      if (object(n, p, "ilmd")) {
        memberNames(n, p, "ilmd", Set.of());
      }
    }

    /** The members the standard event types share: what, why, where, how. */
    void whyWhereHow(JsonNode n, String p) {
      member(n, p, "action", (r, v, q) -> r.textEnum(v, q, "action", ACTIONS));
      member(n, p, "bizStep", (r, v, q) -> r.vocabulary(v, q, "bizStep", BIZ_STEPS, NOT_CBV));
      member(n, p, "disposition", (r, v, q) -> r.vocabulary(v, q, "disposition", DISPOSITIONS, NOT_CBV));
      member(n, p, "readPoint", (r, v, q) -> r.location(v, q, "readPoint"));
      member(n, p, "bizLocation", (r, v, q) -> r.location(v, q, "bizLocation"));
      arrayOf(n, p, "sourceList", "source", (r, v, q) -> r.sourceOrDestination(v, q, "source"));
      arrayOf(n, p, "destinationList", "destination", (r, v, q) -> r.sourceOrDestination(v, q, "destination"));
      arrayOf(n, p, "sensorElementList", "sensorElement", Run::sensorElement);
    }

    void eventType(JsonNode n, String p, String type) {
      member(n, p, "type", (r, v, q) -> r.textEnum(v, q, type + "/allOf/1/properties/type", Set.of(type)));
    }

    void eventMembers(JsonNode n, String p, String def, Set<String> own) {
      Set<String> names = new HashSet<>(COMMON_EVENT_MEMBERS);
      names.addAll(own);
      memberNames(n, p, def, names);
    }

    /** A present, non-empty (or, with {@code min} 0, possibly empty) array whose items pass. */
    static boolean hasList(JsonNode n, String member, int min, ItemRule rule) {
      JsonNode list = n.get(member);
      return list != null && list.isArray() && list.size() >= min
          && passes(r -> r.items(list, "", rule));
    }

    static boolean actionAbsentOr(JsonNode n, String action) {
      JsonNode a = n.get("action");
      return a == null || a.isTextual() && Pattern.compile("^" + action + "$").matcher(a.asText()).find();
    }

    void objectEvent(JsonNode n, String p) {
      String def = "ObjectEvent";
      event(n, p);
      if (!object(n, p, def)) {
        return;
      }
      eventType(n, p, def);
      epcList(n, p, "epcList");
      arrayOf(n, p, "quantityList", "quantityList", Run::quantityElement);
      whyWhereHow(n, p);
      member(n, p, "persistentDisposition", Run::persistentDisposition);
      arrayOf(n, p, "bizTransactionList", "bizTransaction", Run::bizTransaction);
      member(n, p, "ilmd", Run::ilmd);
      required(n, p, def, "type", "action");
      eventMembers(n, p, def, OBJECT_EVENT_MEMBERS);
      boolean what = hasList(n, "epcList", 0, (r, v, q) -> r.uri(v, q, "id"))
          || hasList(n, "quantityList", 1, Run::quantityElement)
          || hasList(n, "sensorElementList", 1, Run::sensorElement)
              && n.has("readPoint") && passes(r -> r.location(n.get("readPoint"), p, "readPoint"));
      if (!what) {
        fail(p, "anyOf", "want an epcList, a non-empty quantityList, or sensor data with a readPoint",
            def + "/allOf/2/anyOf");
      }
      if (n.has("ilmd") && !actionAbsentOr(n, "ADD")) {
        fail(ptr(p, "ilmd"), "anyOf", "ilmd: got action " + n.get("action") + ", want ilmd only with action ADD",
            def + "/allOf/3/anyOf");
      }
    }

    void parentChildEvent(JsonNode n, String p, String def) {
      event(n, p);
      if (!object(n, p, def)) {
        return;
      }
      eventType(n, p, def);
      member(n, p, "parentID", (r, v, q) -> r.uri(v, q, "uri"));
      arrayOf(n, p, "childEPCs", def, (r, v, q) -> r.uri(v, q, "uri"));
      arrayOf(n, p, "childQuantityList", def, Run::quantityElement);
      whyWhereHow(n, p);
      arrayOf(n, p, "bizTransactionList", "bizTransaction", Run::bizTransaction);
      if (def.equals("AssociationEvent")) {
        required(n, p, def, "type", "action", "parentID");
      } else {
        required(n, p, def, "type", "action");
      }
      eventMembers(n, p, def, PARENT_CHILD_EVENT_MEMBERS);
      boolean what = hasList(n, "childEPCs", 1, (r, v, q) -> r.uri(v, q, "id"))
          || hasList(n, "childQuantityList", 1, Run::quantityElement)
          || actionAbsentOr(n, "DELETE");
      if (!what) {
        fail(p, "anyOf", "want childEPCs or a childQuantityList (not empty), unless the action is DELETE",
            def + "/allOf/2/anyOf");
      }
    }

    void transactionEvent(JsonNode n, String p) {
      String def = "TransactionEvent";
      event(n, p);
      if (!object(n, p, def)) {
        return;
      }
      eventType(n, p, def);
      JsonNode txs = n.get("bizTransactionList");
      if (txs != null && array(txs, ptr(p, "bizTransactionList"), def)) {
        items(txs, ptr(p, "bizTransactionList"), Run::bizTransaction);
        minItems(txs, ptr(p, "bizTransactionList"), def, 1);
      }
      member(n, p, "parentID", (r, v, q) -> r.uri(v, q, "uri"));
      arrayOf(n, p, "epcList", def, (r, v, q) -> r.uri(v, q, "uri"));
      arrayOf(n, p, "quantityList", def, Run::quantityElement);
      whyWhereHow(n, p);
      required(n, p, def, "type", "bizTransactionList", "action");
      eventMembers(n, p, def, TRANSACTION_EVENT_MEMBERS);
      boolean what = hasList(n, "epcList", 0, (r, v, q) -> r.uri(v, q, "id"))
          || hasList(n, "quantityList", 1, Run::quantityElement)
          || actionAbsentOr(n, "DELETE");
      if (!what) {
        fail(p, "anyOf", "want an epcList or a non-empty quantityList, unless the action is DELETE",
            def + "/allOf/2/anyOf");
      }
    }

    void transformationEvent(JsonNode n, String p) {
      String def = "TransformationEvent";
      event(n, p);
      if (!object(n, p, def)) {
        return;
      }
      eventType(n, p, def);
      epcList(n, p, "inputEPCList");
      arrayOf(n, p, "inputQuantityList", "quantityList", Run::quantityElement);
      epcList(n, p, "outputEPCList");
      arrayOf(n, p, "outputQuantityList", "quantityList", Run::quantityElement);
      member(n, p, "transformationID", (r, v, q) -> r.uri(v, q, "uri"));
      whyWhereHow(n, p);
      member(n, p, "persistentDisposition", Run::persistentDisposition);
      arrayOf(n, p, "bizTransactionList", "bizTransaction", Run::bizTransaction);
      member(n, p, "ilmd", Run::ilmd);
      required(n, p, def, "type");
      eventMembers(n, p, def, TRANSFORMATION_EVENT_MEMBERS);
      ItemRule anyString = (r, v, q) -> r.string(v, q, "string");
      ItemRule anyObject = (r, v, q) -> r.object(v, q, "quantityElement");
      boolean input = hasList(n, "inputEPCList", 1, anyString) || hasList(n, "inputQuantityList", 1, anyObject);
      boolean output = hasList(n, "outputEPCList", 1, anyString) || hasList(n, "outputQuantityList", 1, anyObject);
      if (!(input && output || (input || output) && n.has("transformationID"))) {
        fail(p, "anyOf", "want inputs and outputs, or inputs or outputs with a transformationID",
            def + "/allOf/2/anyOf");
      }
    }

    void extendedEvent(JsonNode n, String p) {
      event(n, p);
      if (object(n, p, "Extended-Event")) {
        member(n, p, "type", (r, v, q) -> r.uri(v, q, "vocab-uri"));
        required(n, p, "Extended-Event", "type");
      }
    }

    void epcisHeader(JsonNode n, String p) {
      String def = "epcisHeader";
      if (!object(n, p, def)) {
        return;
      }
      JsonNode md = n.get("epcisMasterData");
      if (md != null && object(md, ptr(p, "epcisMasterData"), def)) {
        arrayOf(md, ptr(p, "epcisMasterData"), "vocabularyList", "vocabularyList", Run::vocabularyDefinition);
      }
      memberNames(n, p, def, Set.of("epcisMasterData"));
    }

    void vocabularyDefinition(JsonNode n, String p) {
      String def = "vocabulary";
      if (!object(n, p, def)) {
        return;
      }
      member(n, p, "type", (r, v, q) -> r.uri(v, q, "uri"));
      arrayOf(n, p, "vocabularyElementList", def, Run::vocabularyElement);
      required(n, p, def, "type");
    }

    void vocabularyElement(JsonNode n, String p) {
      String def = "vocabularyElement";
      if (!object(n, p, def)) {
        return;
      }
      member(n, p, "id", (r, v, q) -> r.uri(v, q, "uri"));
      arrayOf(n, p, "attributes", def, Run::attribute);
      arrayOf(n, p, "children", def, (r, v, q) -> r.uri(v, q, "uri"));
      required(n, p, def, "id");
    }

    void attribute(JsonNode n, String p) {
      String def = "attribute";
      if (!object(n, p, def)) {
        return;
      }
      member(n, p, "id", (r, v, q) -> r.uri(v, q, "uri"));
      member(n, p, "attribute", (r, v, q) -> {
        if (!v.isNumber() && !v.isTextual() && !v.isObject()) {
          r.fail(q, "anyOf", "got " + v + ", want a number, string or object", def + "/properties/attribute/anyOf");
        }
      });
      required(n, p, def, "id");
    }

    void eventList(JsonNode n, String p) {
      if (array(n, p, "eventList")) {
        items(n, p, Run::documentEvent);
      }
    }

    void epcisDocument(JsonNode n, String p) {
      String def = "epcisDocument";
      member(n, p, "id", (r, v, q) -> r.uri(v, q, "id"));
      member(n, p, "type", (r, v, q) -> r.textEnum(v, q, def + "/properties/type", Set.of("EPCISDocument")));
      member(n, p, "@context", Run::context);
      member(n, p, "schemaVersion", (r, v, q) -> r.pattern(v, q, "version", VERSION));
      member(n, p, "creationDate", (r, v, q) -> r.time(v, q));
      for (String m : List.of("instanceIdentifier", "sender", "receiver")) {
        member(n, p, m, (r, v, q) -> r.string(v, q, def + "/properties/" + m));
      }
      member(n, p, "epcisHeader", Run::epcisHeader);
      member(n, p, "epcisBody", (r, v, q) -> {
        if (r.object(v, q, def + "/properties/epcisBody")) {
          r.member(v, q, "eventList", Run::eventList);
          r.required(v, q, def + "/properties/epcisBody", "eventList");
        }
      });
      required(n, p, def, "@context", "type", "schemaVersion", "creationDate", "epcisBody");
      memberNames(n, p, def, DOCUMENT_MEMBERS);
    }

    void epcisQueryDocument(JsonNode n, String p) {
      String def = "epcisQueryDocument";
      member(n, p, "@context", Run::context);
      member(n, p, "id", (r, v, q) -> r.uri(v, q, "id"));
      member(n, p, "type", (r, v, q) -> r.textEnum(v, q, def + "/properties/type", Set.of("EPCISQueryDocument")));
      member(n, p, "schemaVersion", (r, v, q) -> r.pattern(v, q, "version", VERSION));
      member(n, p, "creationDate", (r, v, q) -> r.time(v, q));
      member(n, p, "epcisBody", Run::queryBody);
      required(n, p, def, "@context", "type", "epcisBody");
      memberNames(n, p, def, QUERY_DOCUMENT_MEMBERS);
    }

    void queryBody(JsonNode n, String p) {
      String def = "epcisQueryDocumentBody";
      if (!object(n, p, def)) {
        return;
      }
      member(n, p, "queryResults", Run::queryResults);
      required(n, p, def, "queryResults");
      memberNames(n, p, def, Set.of("queryResults"));
    }

    void queryResults(JsonNode n, String p) {
      String def = "queryResults";
      if (!object(n, p, def)) {
        return;
      }
      member(n, p, "queryName", (r, v, q) -> r.string(v, q, def + "/properties/queryName"));
      member(n, p, "subscriptionID", (r, v, q) -> r.string(v, q, def + "/properties/subscriptionID"));
      member(n, p, "resultsBody", (r, v, q) -> {
        if (r.object(v, q, "resultsBody")) {
          r.member(v, q, "eventList", Run::eventList);
          r.arrayOf(v, q, "vocabularyList", "vocabularyList", Run::vocabularyDefinition);
          r.required(v, q, "resultsBody", "eventList");
          r.memberNames(v, q, "resultsBody", Set.of("eventList", "vocabularyList"));
        }
      });
      required(n, p, def, "queryName", "resultsBody");
      memberNames(n, p, def, Set.of("queryName", "subscriptionID", "resultsBody"));
    }
  }

  /** A rule for one value at a pointer. */
  @FunctionalInterface
  private interface ItemRule {
    void check(Run run, JsonNode value, String pointer);
  }
}
