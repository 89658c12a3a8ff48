package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.domain.epcis.vocab.Vocab;

/**
 * One EPCIS 2.0 event query, parsed and checked from the parameters of the REST binding ({@code
 * GET /events?EQ_bizStep=shipping|receiving&...}): list values are separated by {@code |}; an
 * event matches a list parameter if it matches one of its values, and matches the query if it
 * matches every parameter given. {@link #matches} is the filter every candidate passes through.
 *
 * <p>Supported parameters: {@value #SUPPORTED_TEXT}. Other parameters of the EPCIS standard are
 * refused as unsupported, and any other name as unknown (both QueryParameterException).
 *
 * <p>Immutable; thread-safe.
 */
public final class EventQuery {
  static final int DEFAULT_PER_PAGE = 30;
  static final int MAX_PER_PAGE = 1000;
  static final String QUERY_NAME = "SimpleEventQuery";

  static final String SUPPORTED_TEXT = "eventType, GE_eventTime, LT_eventTime, GE_recordTime, LT_recordTime, "
      + "EQ_action, EQ_bizStep, EQ_disposition, EQ_persistentDisposition_set, EQ_persistentDisposition_unset, "
      + "EQ_readPoint, EQ_bizLocation, MATCH_epc, MATCH_parentID, "
      + "MATCH_inputEPC, MATCH_outputEPC, MATCH_anyEPC, MATCH_epcClass, MATCH_inputEPCClass, "
      + "MATCH_outputEPCClass, MATCH_anyEPCClass, EQ_eventID, EXISTS_errorDeclaration, "
      + "GE_errorDeclarationTime, LT_errorDeclarationTime, EQ_errorReason, EQ_correctiveEventID, "
      + "{EQ|GT|GE|LT|LE}_{value|minValue|maxValue|meanValue|sDev|percValue}_{uom}, WD_readPoint, WD_bizLocation, "
      + "EQ_bizTransaction_{type}, EQ_source_{type}, EQ_destination_{type}, EQ_transformationID, "
      + "EXISTS_sensorElementList, EQ_type, EQ_deviceID, EQ_dataProcessingMethod, EQ_microorganism, "
      + "EQ_chemicalSubstance, EQ_bizRules, EQ_stringValue, EQ_booleanValue, EQ_hexBinaryValue, EQ_uriValue, "
      + "{EQ|GT|GE|LT|LE}_quantity, {EQ|GT|GE|LT|LE}_percRank, {EQ|GT|GE|LT|LE|EXISTS}_[ILMD_|SENSORELEMENT_|SENSORMETADATA_|SENSORREPORT_|ERROR_DECLARATION_]"
      + "{extension field}, "
      + "GE_time, LT_time, GE_startTime, LT_startTime, GE_endTime, LT_endTime, EQ_ILMD_{field}, EXISTS_ILMD_{field}, "
      + "{EQ|GT|GE|LT|LE|EXISTS}_INNER_[ILMD_|SENSORELEMENT_|SENSORMETADATA_|SENSORREPORT_|ERROR_DECLARATION_]"
      + "{nested extension field}, EQ_[INNER_]{readPoint|bizLocation}_{extension field}, "
      + "HASATTR_{readPoint|bizLocation|epcClass}, EQATTR_{readPoint|bizLocation|epcClass}_{attribute}, "
      + "orderBy, orderDirection, eventCountLimit, maxEventCount, perPage, nextPageToken";

  private static final int MAX_PARAMETERS = 64;
  private static final int MAX_VALUES = 100;
  private static final int MAX_VALUE_CHARS = 2048;
  private static final Pattern SENSOR = Pattern.compile(
      "(EQ|GT|GE|LT|LE)_(value|minValue|maxValue|meanValue|sDev|percValue)_([A-Z0-9]{2,4})");
  private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  /** Standard parameters with fixed names that this node does not answer. */
  /**
   * An extension field, named as captured ({@code ex:grade}) or by its IRI, of the event, or of
   * its ILMD (comparisons; EQ_ and EXISTS_ are {@link #ILMD}), sensor elements, sensor metadata,
   * sensor reports or error declaration: EQ_, EXISTS_ and the numeric comparisons.
   */
  private static final Pattern EXTENSION = Pattern.compile("(EQ|GT|GE|LT|LE|EXISTS)_"
      + "(?:(ILMD|SENSORELEMENT|SENSORMETADATA|SENSORREPORT|ERROR_DECLARATION)_)?"
      + "(?!INNER_|ILMD_|SENSORELEMENT_|SENSORMETADATA_|SENSORREPORT_|ERROR_DECLARATION_|readPoint_|bizLocation_)"
      + "([^_].*[:#].*)");
  /**
   * A nested extension field (EPCIS 2.0 §8.2.7.1 {@code EQ_INNER_fieldname}): at any depth inside
   * a top-level extension field of the event, its ILMD, sensor elements, metadata or reports,
   * error declaration, read point or business location.
   */
  private static final Pattern INNER = Pattern.compile("(EQ|GT|GE|LT|LE|EXISTS)_INNER_"
      + "(?:(ILMD|SENSORELEMENT|SENSORMETADATA|SENSORREPORT|ERROR_DECLARATION|readPoint|bizLocation)_)?(.*)");
  /** An extension field of the read point or business location object ({@code EQ_readPoint_ex:dock}). */
  private static final Pattern LOCATION_EXTENSION = Pattern.compile("(EQ|GT|GE|LT|LE|EXISTS)_(readPoint|bizLocation)_(.+)");
  /** Master data attribute parameters (EPCIS 2.0 §8.2.7.1): {@code HASATTR_{field}}, {@code EQATTR_{field}_{attr}}. */
  private static final Pattern HASATTR = Pattern.compile("HASATTR_(.*)");
  private static final Pattern EQATTR = Pattern.compile("EQATTR_([^_]*)(?:_(.*))?");
  /** Numeric comparisons on quantities and on sensor reports' percentile rank. */
  private static final Pattern NUMERIC = Pattern.compile("(EQ|GT|GE|LT|LE)_(quantity|percRank)");
  /** Sensor metadata and report fields that {@code EQ_<field>} compares. */
  private static final Set<String> SENSOR_TEXT_FIELDS = Set.of("type", "deviceID", "dataProcessingMethod",
      "microorganism", "chemicalSubstance", "bizRules", "stringValue", "booleanValue", "hexBinaryValue", "uriValue");
  private static final Pattern TYPED = Pattern.compile("EQ_(bizTransaction|source|destination)_(.+)");
  private static final Pattern ILMD = Pattern.compile("(EQ|EXISTS)_ILMD_(.+)");
  /** Prefixes of the standard's parameters with variable names (fields, ILMD, sensor, ...). */
  private static final Pattern UNSUPPORTED_FAMILY = Pattern.compile("(EQ|GT|GE|LT|LE|EXISTS|HASATTR|EQATTR|WD|MATCH)_.+");

  enum Order { LEDGER, EVENT_TIME, RECORD_TIME }

  enum Op {
    EQ, GT, GE, LT, LE;

    boolean test(double actual, double wanted) {
      int c = Double.compare(actual == 0.0 ? 0.0 : actual, wanted == 0.0 ? 0.0 : wanted);
      return switch (this) {
        case EQ -> c == 0;
        case GT -> c > 0;
        case GE -> c >= 0;
        case LT -> c < 0;
        case LE -> c <= 0;
      };
    }
  }

  /** One {@code {op}_{field}_{uom}} parameter; EQ may list several values. */
  record SensorFilter(String parameter, Op op, String field, String uom, List<Double> values) {
    boolean test(EventFacts f) {
      for (EventFacts.SensorValue v : f.sensorValues()) {
        if (v.field().equals(field) && v.uom().equals(uom)) {
          for (double wanted : values) {
            if (op.test(v.value(), wanted)) {
              return true;
            }
          }
        }
      }
      return false;
    }
  }

  /** [ge, lt); either end may be null (open). */
  record TimeRange(Instant ge, Instant lt) {
    boolean contains(Instant t) {
      return (ge == null || !t.isBefore(ge)) && (lt == null || t.isBefore(lt));
    }

    boolean isSet() {
      return ge != null || lt != null;
    }
  }

  final Set<String> eventTypes;
  final TimeRange eventTime;
  final TimeRange recordTime;
  final Set<String> actions;
  final Set<String> bizSteps;
  final Set<String> dispositions;
  final Set<String> readPoints;
  final Set<String> bizLocations;
  /** WD_ (with descendants): this node holds no location hierarchy, so a location's descendants are none. */
  final Set<String> wdReadPoints;
  final Set<String> wdBizLocations;
  final Set<String> matchEpc;
  final Set<String> matchParent;
  final Set<String> matchInput;
  final Set<String> matchOutput;
  final Set<String> matchAny;
  final Set<String> matchClass;
  final Set<String> matchInputClass;
  final Set<String> matchOutputClass;
  final Set<String> matchAnyClass;
  final Set<String> eventIds;
  final boolean existsErrorDeclaration;
  final TimeRange errorDeclarationTime;
  final Set<String> errorReasons;
  final Set<String> correctiveEventIds;
  final List<SensorFilter> sensorFilters;
  final List<ContentFilter> contentFilters;
  final List<AttributeFilter> attributeFilters;
  final Order order;
  final boolean descending;
  final Integer eventCountLimit;
  final Integer maxEventCount;
  final int perPage;
  final String nextPageToken;
  final String fingerprint;

  private EventQuery(Parser p) {
    eventTypes = p.eventTypes;
    eventTime = new TimeRange(p.geEventTime, p.ltEventTime);
    recordTime = new TimeRange(p.geRecordTime, p.ltRecordTime);
    actions = p.actions;
    bizSteps = p.bizSteps;
    dispositions = p.dispositions;
    readPoints = p.readPoints;
    bizLocations = p.bizLocations;
    wdReadPoints = p.wdReadPoints;
    wdBizLocations = p.wdBizLocations;
    matchEpc = p.matchEpc;
    matchParent = p.matchParent;
    matchInput = p.matchInput;
    matchOutput = p.matchOutput;
    matchAny = p.matchAny;
    matchClass = p.matchClass;
    matchInputClass = p.matchInputClass;
    matchOutputClass = p.matchOutputClass;
    matchAnyClass = p.matchAnyClass;
    eventIds = p.eventIds;
    existsErrorDeclaration = p.existsErrorDeclaration;
    errorDeclarationTime = new TimeRange(p.geDeclTime, p.ltDeclTime);
    errorReasons = p.errorReasons;
    correctiveEventIds = p.correctiveIds;
    sensorFilters = List.copyOf(p.sensor);
    contentFilters = List.copyOf(p.content);
    attributeFilters = List.copyOf(p.attributes);
    order = p.order;
    descending = p.descending;
    eventCountLimit = p.eventCountLimit;
    maxEventCount = p.maxEventCount;
    perPage = p.perPage;
    nextPageToken = p.nextPageToken;
    fingerprint = p.fingerprint;
  }

  /**
   * Parses the query parameters (name to the values given; a name given twice is refused).
   *
   * @throws QueryParameterException naming the first parameter at fault
   */
  public static EventQuery parse(Map<String, List<String>> parameters) {
    return new EventQuery(new Parser(parameters, null, null));
  }

  /**
   * As {@link #parse(Map)}, with one more parameter whose single value came from a URL path
   * ({@code /bizSteps/{bizStep}/events}, {@code /events/{eventID}}): it is not split at {@code |},
   * and the query string may not give it too.
   *
   * @throws QueryParameterException naming the first parameter at fault
   */
  public static EventQuery parse(Map<String, List<String>> parameters, String pathParameter, String pathValue) {
    return new EventQuery(new Parser(parameters, pathParameter, pathValue));
  }

  /** True if an event's content passes every filter that no index serves. */
  boolean matchesContent(JsonNode event) {
    for (ContentFilter c : contentFilters) {
      if (!c.test(event)) {
        return false;
      }
    }
    return true;
  }

  /** True if the event passes every master data attribute filter, looking elements up with {@code masterData}. */
  boolean matchesAttributes(EventFacts f, JsonNode event, AttributeFilter.Lookup masterData) {
    for (AttributeFilter a : attributeFilters) {
      if (!a.test(f, event, masterData)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if an event matches every parameter.
   *
   * @param declaration the event's effective errorDeclaration (its own, or one a later event
   *     declared for it), or null
   */
  boolean matches(EventFacts f, Instant recordTimeAt, JsonNode declaration) {
    if (!eventTypes.isEmpty() && !eventTypes.contains(f.type())) {
      return false;
    }
    if (eventTime.isSet() && !eventTime.contains(f.eventTime())) {
      return false;
    }
    if (recordTime.isSet() && !recordTime.contains(recordTimeAt)) {
      return false;
    }
    if (!in(actions, f.action()) || !in(bizSteps, f.bizStep()) || !in(dispositions, f.disposition())
        || !in(readPoints, f.readPoint()) || !in(bizLocations, f.bizLocation()) || !in(eventIds, f.eventId())
        || !in(wdReadPoints, f.readPoint()) || !in(wdBizLocations, f.bizLocation())) {
      return false;
    }
    if (!any(matchEpc, f.epcs()) || !any(matchParent, f.parentId() == null ? Set.of() : Set.of(f.parentId()))
        || !any(matchInput, f.inputEpcs()) || !any(matchOutput, f.outputEpcs()) || !any(matchAny, f.anyEpcs())
        || !any(matchClass, f.classes()) || !any(matchInputClass, f.inputClasses())
        || !any(matchOutputClass, f.outputClasses()) || !any(matchAnyClass, f.anyClasses())) {
      return false;
    }
    if (needsDeclaration()) {
      if (declaration == null) {
        return false;
      }
      if (errorDeclarationTime.isSet()) {
        Instant t = declarationTime(declaration);
        if (t == null || !errorDeclarationTime.contains(t)) {
          return false;
        }
      }
      if (!errorReasons.isEmpty() && !errorReasons.contains(Vocab.errorReason(declaration.path("reason").asText(null)))) {
        return false;
      }
      if (!correctiveEventIds.isEmpty()) {
        boolean hit = false;
        for (JsonNode id : declaration.path("correctiveEventIDs")) {
          hit |= correctiveEventIds.contains(id.asText());
        }
        if (!hit) {
          return false;
        }
      }
    }
    for (SensorFilter s : sensorFilters) {
      if (!s.test(f)) {
        return false;
      }
    }
    return true;
  }

  /** True if only events with an errorDeclaration can match. */
  boolean needsDeclaration() {
    return existsErrorDeclaration || errorDeclarationTime.isSet() || !errorReasons.isEmpty()
        || !correctiveEventIds.isEmpty();
  }

  static Instant declarationTime(JsonNode declaration) {
    try {
      return OffsetDateTime.parse(declaration.path("declarationTime").asText("")).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean in(Set<String> wanted, String actual) {
    return wanted.isEmpty() || (actual != null && wanted.contains(actual));
  }

  private static boolean any(Set<String> wanted, Collection<String> actual) {
    if (wanted.isEmpty()) {
      return true;
    }
    for (String a : actual) {
      for (String w : wanted) {
        if (Ids.matches(w, a)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Reads the parameters one by one; every refusal names the parameter. */
  private static final class Parser {
    Set<String> eventTypes = Set.of();
    Instant geEventTime;
    Instant ltEventTime;
    Instant geRecordTime;
    Instant ltRecordTime;
    Set<String> actions = Set.of();
    Set<String> bizSteps = Set.of();
    Set<String> dispositions = Set.of();
    Set<String> readPoints = Set.of();
    Set<String> bizLocations = Set.of();
    Set<String> wdReadPoints = Set.of();
    Set<String> wdBizLocations = Set.of();
    Set<String> matchEpc = Set.of();
    Set<String> matchParent = Set.of();
    Set<String> matchInput = Set.of();
    Set<String> matchOutput = Set.of();
    Set<String> matchAny = Set.of();
    Set<String> matchClass = Set.of();
    Set<String> matchInputClass = Set.of();
    Set<String> matchOutputClass = Set.of();
    Set<String> matchAnyClass = Set.of();
    Set<String> eventIds = Set.of();
    boolean existsErrorDeclaration;
    Instant geDeclTime;
    Instant ltDeclTime;
    Set<String> errorReasons = Set.of();
    Set<String> correctiveIds = Set.of();
    final List<SensorFilter> sensor = new ArrayList<>();
    final List<ContentFilter> content = new ArrayList<>();
    final List<AttributeFilter> attributes = new ArrayList<>();
    Instant geTime;
    Instant ltTime;
    Instant geStart;
    Instant ltStart;
    Instant geEnd;
    Instant ltEnd;
    /** While reading a value from a URL path: one value, not a list. */
    boolean whole;
    Order order = Order.LEDGER;
    String orderDirection;
    boolean descending;
    Integer eventCountLimit;
    Integer maxEventCount;
    int perPage = DEFAULT_PER_PAGE;
    String nextPageToken;
    String fingerprint;

    Parser(Map<String, List<String>> parameters, String pathParameter, String pathValue) {
      if (parameters.size() > MAX_PARAMETERS) {
        throw new QueryParameterException("query", "query: got " + parameters.size() + " parameters, want at most "
            + MAX_PARAMETERS);
      }
      // Sorted, so that the first refusal does not depend on the order parameters came in.
      Map<String, String> single = new TreeMap<>();
      for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
        String name = e.getKey();
        List<String> values = e.getValue();
        if (values == null || values.isEmpty()) {
          continue;
        }
        if (values.size() > 1) {
          throw new QueryParameterException(name, name + ": given " + values.size()
              + " times, want it once (list several values in one parameter, separated by |)");
        }
        String v = values.get(0);
        if (v.length() > MAX_VALUE_CHARS) {
          throw new QueryParameterException(name, name + ": got " + v.length() + " characters, want at most "
              + MAX_VALUE_CHARS);
        }
        single.put(name, v);
      }
      for (Map.Entry<String, String> e : single.entrySet()) {
        parameter(e.getKey(), e.getValue());
      }
      timeFilter("GE_time|LT_time", "time", geTime, ltTime);
      timeFilter("GE_startTime|LT_startTime", "startTime", geStart, ltStart);
      timeFilter("GE_endTime|LT_endTime", "endTime", geEnd, ltEnd);
      if (pathParameter != null) {
        if (single.containsKey(pathParameter)) {
          throw new QueryParameterException(pathParameter, pathParameter + ": given in the query string of a "
              + "resource that already names it in its path, want it once");
        }
        whole = true;
        parameter(pathParameter, pathValue);
        whole = false;
        single.put(pathParameter, pathValue);
      }
      if (eventCountLimit != null && order == Order.LEDGER) {
        throw new QueryParameterException("eventCountLimit", "eventCountLimit: given without orderBy, want orderBy "
            + "(eventTime or recordTime) to say which events come first");
      }
      if (eventCountLimit != null && maxEventCount != null) {
        throw new QueryParameterException("maxEventCount", "maxEventCount: given with eventCountLimit, want at most "
            + "one of the two");
      }
      descending = order != Order.LEDGER && !"ASC".equals(orderDirection);
      fingerprint = fingerprint(single);
    }

    private void parameter(String name, String v) {
      Matcher sensorMatch = SENSOR.matcher(name);
      if (sensorMatch.matches()) {
        Op op = Op.valueOf(sensorMatch.group(1));
        List<Double> values = new ArrayList<>();
        List<String> raw = op == Op.EQ ? list(name, v) : List.of(v.strip());
        for (String r : raw) {
          values.add(number(name, r));
        }
        sensor.add(new SensorFilter(name, op, sensorMatch.group(2), sensorMatch.group(3), List.copyOf(values)));
        return;
      }
      Matcher typed = TYPED.matcher(name);
      if (typed.matches()) {
        String list = typed.group(1);
        boolean btt = list.equals("bizTransaction");
        String type = btt ? Vocab.bizTransactionType(typed.group(2)) : Vocab.sourceDestType(typed.group(2));
        content.add(new ContentFilter.TypedList(name, list + "List", list, type, new LinkedHashSet<>(list(name, v)),
            btt));
        return;
      }
      Matcher ilmd = ILMD.matcher(name);
      if (ilmd.matches()) {
        boolean exists = ilmd.group(1).equals("EXISTS");
        if (exists && !bool(name, v)) {
          throw new QueryParameterException(name, name + ": got \"false\", want true (or no value): the query "
              + "language has no test for a missing ILMD field");
        }
        content.add(new ContentFilter.Ilmd(name, ilmd.group(2), exists ? null : new LinkedHashSet<>(list(name, v))));
        return;
      }
      if (name.startsWith("EQ_") && SENSOR_TEXT_FIELDS.contains(name.substring(3))) {
        String field = name.substring(3);
        Set<String> values = new LinkedHashSet<>();
        for (String s : list(name, v)) {
          values.add(field.equals("type") ? Vocab.measurementType(s) : s);
        }
        content.add(new ContentFilter.Sensor(name, field, values));
        return;
      }
      Matcher inner = INNER.matcher(name);
      if (inner.matches()) {
        extension(name, v, inner.group(1), inner.group(2), inner.group(3), true);
        return;
      }
      Matcher location = LOCATION_EXTENSION.matcher(name);
      if (location.matches()) {
        extension(name, v, location.group(1), location.group(2), location.group(3), false);
        return;
      }
      Matcher hasAttr = HASATTR.matcher(name);
      if (hasAttr.matches()) {
        String field = attributeField(name, hasAttr.group(1));
        attributes.add(new AttributeFilter(name, field, null, new LinkedHashSet<>(list(name, v))));
        return;
      }
      Matcher eqAttr = EQATTR.matcher(name);
      if (eqAttr.matches()) {
        String field = attributeField(name, eqAttr.group(1));
        String attr = eqAttr.group(2);
        if (attr == null || attr.isBlank()) {
          throw new QueryParameterException(name, name + ": no attribute name, want EQATTR_" + field
              + "_{attribute}, e.g. EQATTR_" + field + "_urn:epcglobal:cbv:mda#name (or cbvmda:name)");
        }
        attributes.add(new AttributeFilter(name, field, attr.strip(), new LinkedHashSet<>(list(name, v))));
        return;
      }
      Matcher extension = EXTENSION.matcher(name);
      if (extension.matches()) {
        String op = extension.group(1);
        if (op.equals("EXISTS") && !bool(name, v)) {
          throw new QueryParameterException(name, name + ": got \"false\", want true (or no value): the query "
              + "language has no test for a missing field");
        }
        List<Double> numbers = new ArrayList<>();
        if (!op.equals("EQ") && !op.equals("EXISTS")) {
          numbers.add(number(name, v));
        }
        content.add(new ContentFilter.Extension(name, op.equals("EXISTS") || op.equals("EQ") ? null : Op.valueOf(op),
            extension.group(2), extension.group(3), op.equals("EQ") ? new LinkedHashSet<>(list(name, v)) : null,
            List.copyOf(numbers), false));
        return;
      }
      Matcher numeric = NUMERIC.matcher(name);
      if (numeric.matches()) {
        Op op = Op.valueOf(numeric.group(1));
        List<Double> values = new ArrayList<>();
        for (String r : op == Op.EQ ? list(name, v) : List.of(v.strip())) {
          values.add(number(name, r));
        }
        content.add(new ContentFilter.Numeric(name, op, numeric.group(2), List.copyOf(values)));
        return;
      }
      switch (name) {
        case "EQ_persistentDisposition_set", "EQ_persistentDisposition_unset" -> content.add(
            new ContentFilter.PersistentDisposition(name, name.endsWith("_set") ? "set" : "unset",
                vocab(name, v, Vocab::disposition)));
        case "WD_readPoint" -> wdReadPoints = ids(name, v);
        case "WD_bizLocation" -> wdBizLocations = ids(name, v);
        case "EQ_transformationID" -> content.add(new ContentFilter.Field(name, "transformationID",
            new LinkedHashSet<>(list(name, v))));
        case "EXISTS_sensorElementList" -> content.add(new ContentFilter.HasSensorData(name, bool(name, v)));
        case "GE_time" -> geTime = time(name, v);
        case "LT_time" -> ltTime = time(name, v);
        case "GE_startTime" -> geStart = time(name, v);
        case "LT_startTime" -> ltStart = time(name, v);
        case "GE_endTime" -> geEnd = time(name, v);
        case "LT_endTime" -> ltEnd = time(name, v);
        case "eventType" -> eventTypes = eventTypes(name, v);
        case "GE_eventTime" -> geEventTime = time(name, v);
        case "LT_eventTime" -> ltEventTime = time(name, v);
        case "GE_recordTime" -> geRecordTime = time(name, v);
        case "LT_recordTime" -> ltRecordTime = time(name, v);
        case "EQ_action" -> actions = actions(name, v);
        case "EQ_bizStep" -> bizSteps = vocab(name, v, Vocab::bizStep);
        case "EQ_disposition" -> dispositions = vocab(name, v, Vocab::disposition);
        case "EQ_readPoint" -> readPoints = ids(name, v);
        case "EQ_bizLocation" -> bizLocations = ids(name, v);
        case "MATCH_epc" -> matchEpc = ids(name, v);
        case "MATCH_parentID" -> matchParent = ids(name, v);
        case "MATCH_inputEPC" -> matchInput = ids(name, v);
        case "MATCH_outputEPC" -> matchOutput = ids(name, v);
        case "MATCH_anyEPC" -> matchAny = ids(name, v);
        case "MATCH_epcClass" -> matchClass = ids(name, v);
        case "MATCH_inputEPCClass" -> matchInputClass = ids(name, v);
        case "MATCH_outputEPCClass" -> matchOutputClass = ids(name, v);
        case "MATCH_anyEPCClass" -> matchAnyClass = ids(name, v);
        case "EQ_eventID" -> eventIds = new LinkedHashSet<>(list(name, v));
        case "EXISTS_errorDeclaration" -> existsErrorDeclaration = bool(name, v);
        case "GE_errorDeclarationTime" -> geDeclTime = time(name, v);
        case "LT_errorDeclarationTime" -> ltDeclTime = time(name, v);
        case "EQ_errorReason" -> errorReasons = vocab(name, v, Vocab::errorReason);
        case "EQ_correctiveEventID" -> correctiveIds = new LinkedHashSet<>(list(name, v));
        case "orderBy" -> order = switch (v.strip()) {
          case "eventTime" -> Order.EVENT_TIME;
          case "recordTime" -> Order.RECORD_TIME;
          default -> throw new QueryParameterException(name, name + ": got " + Quoted.of(v)
              + ", want eventTime or recordTime (this node does not order by extension fields)");
        };
        case "orderDirection" -> {
          orderDirection = v.strip();
          if (!orderDirection.equals("ASC") && !orderDirection.equals("DESC")) {
            throw new QueryParameterException(name, name + ": got " + Quoted.of(v) + ", want ASC or DESC");
          }
        }
        case "eventCountLimit" -> eventCountLimit = positive(name, v, Integer.MAX_VALUE);
        case "maxEventCount" -> maxEventCount = positive(name, v, Integer.MAX_VALUE);
        case "perPage" -> perPage = positive(name, v, MAX_PER_PAGE);
        case "nextPageToken" -> {
          if (v.isBlank()) {
            throw new QueryParameterException(name, name + ": empty, want the token of the previous page's "
                + "next link");
          }
          nextPageToken = v.strip();
        }
        default -> {
          if (UNSUPPORTED_FAMILY.matcher(name).matches()) {
            throw new QueryParameterException(name, name + ": this EPCIS query parameter is not supported by this "
                + "node; supported: " + SUPPORTED_TEXT);
          }
          throw new QueryParameterException(name, name + ": not an EPCIS query parameter; supported: "
              + SUPPORTED_TEXT);
        }
      }
    }

    /** An extension field parameter (top level or {@code INNER_}) of a scope (null: the event). */
    private void extension(String name, String v, String op, String scope, String field, boolean inner) {
      if (field.isEmpty() || !(field.contains(":") || field.contains("#"))) {
        throw new QueryParameterException(name, name + ": got field " + Quoted.of(field) + ", want an extension field "
            + "named with its namespace, as captured (ex:grade) or by its IRI (https://example.com/ns#grade)");
      }
      if (("readPoint".equals(scope) || "bizLocation".equals(scope)) && !op.equals("EQ")) {
        throw new QueryParameterException(name, name + ": " + op + "_ is not defined for " + scope
            + " extension fields, want EQ_" + (inner ? "INNER_" : "") + scope + "_" + field);
      }
      if (op.equals("EXISTS") && !bool(name, v)) {
        throw new QueryParameterException(name, name + ": got \"false\", want true (or no value): the query "
            + "language has no test for a missing field");
      }
      List<Double> numbers = new ArrayList<>();
      if (!op.equals("EQ") && !op.equals("EXISTS")) {
        numbers.add(number(name, v));
      }
      content.add(new ContentFilter.Extension(name, op.equals("EXISTS") || op.equals("EQ") ? null : Op.valueOf(op),
          scope, field, op.equals("EQ") ? new LinkedHashSet<>(list(name, v)) : null, List.copyOf(numbers), inner));
    }

    /** The field of a master data attribute parameter, checked. */
    private static String attributeField(String name, String field) {
      if (!AttributeFilter.FIELDS.contains(field)) {
        throw new QueryParameterException(name, name + ": got field " + Quoted.of(field) + ", want one whose values "
            + "have master data on this node: " + AttributeFilter.FIELDS);
      }
      return field;
    }

    private void timeFilter(String parameter, String field, Instant ge, Instant lt) {
      if (ge != null || lt != null) {
        content.add(new ContentFilter.SensorTime(parameter, field, ge, lt));
      }
    }

    private List<String> list(String name, String v) {
      if (whole) {
        if (v.isEmpty()) {
          throw new QueryParameterException(name, name + ": empty path segment, want a value");
        }
        return List.of(v);
      }
      List<String> out = new ArrayList<>();
      for (String part : v.split("\\|", -1)) {
        String s = part.strip();
        if (s.isEmpty()) {
          throw new QueryParameterException(name, name + ": got " + Quoted.of(v)
              + ", want one or more values separated by |, none of them empty");
        }
        out.add(s);
      }
      if (out.size() > MAX_VALUES) {
        throw new QueryParameterException(name, name + ": got " + out.size() + " values, want at most " + MAX_VALUES);
      }
      return out;
    }

    private Set<String> eventTypes(String name, String v) {
      Set<String> out = new LinkedHashSet<>();
      for (String t : list(name, v)) {
        if (!EpcisRecords.EVENT_TYPES.contains(t)) {
          throw new QueryParameterException(name, name + ": got " + Quoted.of(t) + ", want one of "
              + new java.util.TreeSet<>(EpcisRecords.EVENT_TYPES));
        }
        out.add(t);
      }
      return out;
    }

    private Set<String> actions(String name, String v) {
      Set<String> out = new LinkedHashSet<>();
      for (String a : list(name, v)) {
        if (!a.equals("ADD") && !a.equals("OBSERVE") && !a.equals("DELETE")) {
          throw new QueryParameterException(name, name + ": got " + Quoted.of(a) + ", want ADD, OBSERVE or DELETE");
        }
        out.add(a);
      }
      return out;
    }

    private Set<String> vocab(String name, String v, java.util.function.UnaryOperator<String> normal) {
      Set<String> out = new LinkedHashSet<>();
      for (String s : list(name, v)) {
        out.add(normal.apply(s));
      }
      return out;
    }

    private Set<String> ids(String name, String v) {
      Set<String> out = new LinkedHashSet<>();
      for (String s : list(name, v)) {
        try {
          out.add(Ids.canonicalOrThrow(s));
        } catch (IllegalArgumentException e) {
          throw new QueryParameterException(name, name + ": got " + Quoted.of(s)
              + ", want an EPC URI, a GS1 Digital Link or another URI: " + e.getMessage());
        }
      }
      return out;
    }

    private static Instant time(String name, String v) {
      // A '+' of an offset that was not percent-encoded arrives as a space.
      String s = v.strip().replace(' ', '+');
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        throw new QueryParameterException(name, name + ": got " + Quoted.of(v)
            + ", want an RFC 3339 date-time with offset, e.g. 2024-06-30T00:15:47.000-05:00");
      }
    }

    private static boolean bool(String name, String v) {
      return switch (v.strip()) {
        case "", "true" -> true; // "" as in EPCIS 1.x, where EXISTS_ parameters have no value
        case "false" -> false;
        default -> throw new QueryParameterException(name, name + ": got " + Quoted.of(v) + ", want true or false");
      };
    }

    private static int positive(String name, String v, int max) {
      String s = v.strip();
      if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new QueryParameterException(name, name + ": got " + Quoted.of(v) + ", want an integer from 1 to " + max);
      }
      long n = Long.parseLong(s);
      if (n < 1 || n > max) {
        throw new QueryParameterException(name, name + ": got " + n + ", want an integer from 1 to " + max);
      }
      return (int) n;
    }

    private static double number(String name, String v) {
      String s = v.strip();
      if (NUMBER.matcher(s).matches()) {
        double d = Double.parseDouble(s);
        if (Double.isFinite(d)) {
          return d;
        }
      }
      throw new QueryParameterException(name, name + ": got " + Quoted.of(v) + ", want a number such as 8 or -18.5");
    }

    /** SHA-256 of the parameters that select events (not the paging ones), to tie a token to its query. */
    private static String fingerprint(Map<String, String> sorted) {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, String> e : sorted.entrySet()) {
          if (e.getKey().equals("perPage") || e.getKey().equals("nextPageToken")) {
            continue;
          }
          md.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest(), 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }
}
