package org.baytrace.tracking.domain.epcis.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One EPCIS vocabulary element with its attributes, as a master data record holds it.
 *
 * @param vocabularyType the vocabulary's {@code type}, e.g. {@code urn:epcglobal:epcis:vtype:Location}
 * @param id the element id as captured ({@code urn:epc:id:sgln:...}, a Digital Link, ...)
 * @param subject the id in canonical form (a GS1 key as its {@code https://id.gs1.org} Digital
 *     Link), which the record is about and the projection keys it by
 * @param attributes the attributes in the order given, ids in {@link AttributeIds#normal} form
 * @param children the {@code children} ids as captured
 * @param ledgerIndex the ledger index of the record, or -1 before it is stored
 * @param authorOrg the organisation that stated it (the submitter), or "" before it is stored
 */
public record VocabularyElement(String vocabularyType, String id, String subject, List<Attribute> attributes,
    List<String> children, long ledgerIndex, String authorOrg) {

  /** One attribute: its id in normal form and its value as captured (text, number, or object). */
  public record Attribute(String id, JsonNode value) {
    public Attribute {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(value, "value");
    }
  }

  public VocabularyElement {
    Objects.requireNonNull(vocabularyType, "vocabularyType");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subject, "subject");
    attributes = List.copyOf(attributes);
    children = List.copyOf(children);
    Objects.requireNonNull(authorOrg, "authorOrg");
  }

  /** True if the element has an attribute with this id (any form, see {@link AttributeIds}) and a non-null value. */
  public boolean has(String attributeId) {
    String want = AttributeIds.normal(attributeId);
    for (Attribute a : attributes) {
      if (a.id().equals(want) && !a.value().isNull()) {
        return true;
      }
    }
    return false;
  }

  /**
   * True if an attribute with this id has one of {@code values}: its text (a language-tagged
   * value's {@code @value}) or number as written.
   */
  public boolean hasValue(String attributeId, Set<String> values) {
    String want = AttributeIds.normal(attributeId);
    for (Attribute a : attributes) {
      if (!a.id().equals(want)) {
        continue;
      }
      LocalizedText.Value v = LocalizedText.of(a.value());
      if (v != null && values.contains(v.text())) {
        return true;
      }
    }
    return false;
  }

  /** Every text value of the attribute with this id, in the order given. */
  public List<LocalizedText.Value> texts(String attributeId) {
    String want = AttributeIds.normal(attributeId);
    List<LocalizedText.Value> out = new ArrayList<>();
    for (Attribute a : attributes) {
      if (a.id().equals(want)) {
        LocalizedText.Value v = LocalizedText.of(a.value());
        if (v != null) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /** The first of {@code attributeIds} that has a text, picked for {@code languageTag}; null if none has. */
  public String text(List<String> attributeIds, String languageTag) {
    for (String id : attributeIds) {
      String t = LocalizedText.pick(texts(id), languageTag);
      if (t != null && !t.isBlank()) {
        return t;
      }
    }
    return null;
  }

  /** The same element as stored at {@code index}, stated by {@code org}. */
  public VocabularyElement storedAt(long index, String org) {
    return new VocabularyElement(vocabularyType, id, subject, attributes, children, index, org);
  }
}
