package org.baytrace.tracking.node.resolver;

import java.util.List;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.resolver.TraceEvent.Relation;

/**
 * What the consumer page shows for one trace code, in one language: built by {@link TraceViews},
 * rendered as HTML by {@link HtmlPages} and as JSON by {@link JsonViews}, so both carry the same
 * content. Holds only what a consumer should see: no business transactions, no parties, no
 * prices, no extension fields outside a short list of GS1 master data. Immutable.
 *
 * @param lang the language of the labels
 * @param traceCode the canonical GS1 Digital Link of the code
 * @param qrContent what a QR code for the code encodes (on the configured resolver host)
 * @param kind {@code item}, {@code lot}, {@code product} or {@code logistic_unit}
 * @param product the product, its origin and master data
 * @param journey the events shown, oldest first
 * @param withdrawn how many events their authors withdrew (error declarations) and so are not shown
 * @param truncated true if there were more events than a page shows
 * @param coldChain the temperature records, or null if no event shown has any
 * @param verification what the node checked
 * @param legs the steps other profiles recorded (water-bus legs, customs), oldest first; the page
 *     tells them among the {@code journey} events in time order
 */
record TraceView(Lang lang, String traceCode, String qrContent, String kind, Product product, List<Step> journey,
    int withdrawn, boolean truncated, ColdChain coldChain, Verification verification, List<Leg> legs) {

  /**
   * A step another profile recorded (see {@link JourneyLegs.Leg}), with its time for people.
   *
   * @param eventTime the time, RFC 3339 in UTC+08:00
   * @param localTime the time in UTC+08:00 for people
   * @param author the organisation that recorded it (as the ledger entry names it), or null
   * @param failure why its receipt did not verify, or null when it did
   * @param handOver for a change of transport mode, its parties, place and means; else null
   */
  record Leg(long ledgerIndex, String eventTime, String localTime, String kind, String mode, String port,
      String portName, String voyage, String vessel, String container, String reference, String author,
      String failure, HandOver handOver) {
    boolean verified() {
      return failure == null;
    }

    Leg withHandOver(HandOver h) {
      return new Leg(ledgerIndex, eventTime, localTime, kind, mode, port, portName, voyage, vessel, container,
          reference, author, failure, h);
    }
  }

  /**
   * A change of transport mode for people (see {@link JourneyLegs.HandOver}).
   *
   * @param fromMode the mode the goods arrived by ({@code sea}, {@code air}, ...)
   * @param toMode the mode they leave by
   * @param place where, named from its master data when there is any
   * @param fromParty the org handing over, by its registry name
   * @param toParty the org taking over, by its registry name
   */
  record HandOver(String fromMode, String toMode, Place place, String fromParty, String toParty,
      JourneyLegs.Means fromMeans, JourneyLegs.Means toMeans) {
    HandOver withPlace(Place p) {
      return new HandOver(fromMode, toMode, p, fromParty, toParty, fromMeans, toMeans);
    }
  }

  /**
   * Identification and master data. Null fields are unknown. {@code name} and {@code brand} come
   * from the brand owner's EPCIS master data of the product class (or lot) in the page's language
   * when there is any, else the name from the events' ILMD.
   */
  record Product(String gtin, String lot, String serial, String sscc, String name, Origin origin,
      List<Attribute> attributes, String brand) {
    Product(String gtin, String lot, String serial, String sscc, String name, Origin origin, List<Attribute> attributes) {
      this(gtin, lot, serial, sscc, name, origin, attributes, null);
    }
  }

  /** Where the product comes from: the first commissioning event's place and the ILMD country. */
  record Origin(String countryCode, String country, Place place) {}

  /**
   * A place: its identifier as recorded, how to show the code (a GLN as digits), and from the
   * location's EPCIS master data its name and postal address in the page's language (null when
   * there is none: the code is shown instead).
   */
  record Place(String id, String display, String name, String address) {
    Place(String id, String display) {
      this(id, display, null, null);
    }

    /** The name if known, else the code. */
    String shown() {
      return name != null ? name : display;
    }
  }

  /** A whitelisted master data attribute. */
  record Attribute(String key, String label, String value) {}

  /**
   * One event on the journey.
   *
   * @param eventTime the event time as recorded (RFC 3339)
   * @param offset the time zone offset the event was recorded in ({@code +07:00})
   * @param localTime the event time in that offset, formatted for the language
   * @param bizStep the CBV business step, bare ({@code shipping}), or null
   * @param label the step in words
   * @param disposition the CBV disposition, bare, or null
   * @param dispositionLabel the disposition in words, or null
   * @param place where it happened (business location, else read point), or null
   * @param temperatures the temperature readings of this event, or null
   * @param failure why the event's receipt did not verify, or null when it did
   * @param author the org that recorded the event, or null if the source does not say
   * @param hashIdMismatch the CBV 2.0 hash id of the event's content when its {@code ni:///}
   *     eventID is another one (the id does not describe what was recorded), else null
   * @param revokedKey "signed by key K of org O, a key revoked at index N (reason)" when the
   *     registry in force has revoked a key that signed the event's record since, else null
   */
  record Step(long ledgerIndex, String eventTime, String offset, String localTime, String type, String bizStep,
      String label, String disposition, String dispositionLabel, Place place, Relation relation, String via,
      Temperatures temperatures, String failure, String author, String hashIdMismatch, String revokedKey) {
    /** The same step at a named place. */
    Step withPlace(Place p) {
      return new Step(ledgerIndex, eventTime, offset, localTime, type, bizStep, label, disposition, dispositionLabel,
          p, relation, via, temperatures, failure, author, hashIdMismatch, revokedKey);
    }

    boolean verified() {
      return failure == null;
    }
  }

  /** Temperature readings: how many, lowest and highest, in °C. */
  record Temperatures(int readings, double minCelsius, double maxCelsius) {}

  /**
   * The cold-chain summary.
   *
   * @param status {@code records_present} (no rule applies), {@code held} or {@code broken}
   * @param text the summary in words
   * @param profile the rule applied, or null
   * @param temperatures the readings of the events shown, or null if they carry none (the
   *     profile judged readings from other records)
   * @param excursions each excursion in words
   * @param chart the path of the temperature chart on this node, or null
   */
  record ColdChain(String status, Temperatures temperatures, String text, String profile, Double allowedMinCelsius,
      Double allowedMaxCelsius, List<String> excursions, String chart) {
    ColdChain {
      excursions = List.copyOf(excursions);
    }

    ColdChain(String status, Temperatures temperatures, String text, String profile, Double allowedMinCelsius,
        Double allowedMaxCelsius) {
      this(status, temperatures, text, profile, allowedMinCelsius, allowedMaxCelsius, List.of(), null);
    }
  }

  /**
   * What the node checked before showing the badge.
   *
   * @param verified true only if every event considered (shown, or withdrawing one) has a receipt
   *     that verifies against the node's checkpoint key and holds that very event
   * @param events how many events were checked
   * @param failed how many failed
   * @param treeSize the tree size of the checkpoint all receipts were made against
   * @param checkpoint that signed checkpoint
   * @param verifierKey the key it was checked with
   * @param failures the failures, each naming the entry
   * @param legRecords how many records of other profiles (water bus, customs) the journey uses
   * @param coldChainRecords the ledger indexes of the records behind the cold-chain verdict that
   *     were checked besides the events shown
   * @param recordedBy the organisations that wrote the records, in order of first appearance
   * @param checkedBy the ledger (origin) whose signed checkpoint the records were checked against
   */
  record Verification(boolean verified, int events, int failed, long treeSize, String checkpoint, String verifierKey,
      List<String> failures, int legRecords, List<Long> coldChainRecords, List<String> recordedBy, String checkedBy) {
    /** Every record checked: the events, the legs and the cold-chain records. */
    int records() {
      return events + legRecords + coldChainRecords.size();
    }
  }
}
