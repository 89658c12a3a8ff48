package org.baytrace.tracking.domain.epcis.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.baytrace.tracking.domain.epcis.masterdata.MasterDataRecords;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;
import org.baytrace.tracking.domain.epcis.query.ProjectionDb.Family;

/**
 * The master data part of the projection: for each vocabulary element (by canonical id, {@link
 * Ids}), the newest master data record's element. Written by {@link Projection} in ledger order;
 * read by attribute queries ({@code HASATTR_}, {@code EQATTR_}) and by pages that show names.
 * Stateless; the reader is the caller's.
 */
public final class MasterData {
  private MasterData() {}

  static void put(ProjectionDb.Writer w, VocabularyElement element) {
    w.put(Family.MASTER_DATA, key(element.subject()), MasterDataRecords.toStored(element));
  }

  /** The newest master data of an element, by any form of its id (EPC URI, Digital Link, ...). */
  public static Optional<VocabularyElement> get(ProjectionDb.Reader r, String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    byte[] v = r.get(Family.MASTER_DATA, key(Ids.canonical(id)));
    return v == null ? Optional.empty() : Optional.of(MasterDataRecords.fromStored(v));
  }

  /** Every element with master data, in canonical id order, at most {@code limit}. */
  public static List<VocabularyElement> all(ProjectionDb.Reader r, int limit) {
    List<VocabularyElement> out = new ArrayList<>();
    r.scan(Family.MASTER_DATA, Keys.EMPTY, null, false, (k, v) -> {
      out.add(MasterDataRecords.fromStored(v));
      return out.size() < limit;
    });
    return out;
  }

  private static byte[] key(String canonicalId) {
    return canonicalId.getBytes(StandardCharsets.UTF_8);
  }
}
