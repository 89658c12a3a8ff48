package org.baytrace.ledger.replication;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.api.ledger.v1.AppendedRecord;
import org.baytrace.api.ledger.v1.BatchOutcome;
import org.baytrace.api.ledger.v1.GroupOutcome;
import org.baytrace.api.ledger.v1.RecordGroup;
import org.baytrace.api.ledger.v1.Refusal;
import org.baytrace.api.ledger.v1.ReplicatedBatch;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;

/** Maps batches and their outcomes to and from the replicated protobuf messages. Stateless. */
final class BatchCodec {
  private BatchCodec() {}

  static byte[] encodeBatch(List<List<ParsedRecord>> groups, long recordTimeUnixMillis) {
    ReplicatedBatch.Builder b = ReplicatedBatch.newBuilder().setRecordTimeUnixMillis(recordTimeUnixMillis);
    for (List<ParsedRecord> group : groups) {
      RecordGroup.Builder g = RecordGroup.newBuilder();
      group.forEach(r -> g.addSignedRecords(ByteString.copyFrom(r.signedRecordBytes())));
      b.addGroups(g);
    }
    return b.build().toByteArray();
  }

  static ReplicatedBatch decodeBatch(byte[] bytes) throws InvalidProtocolBufferException {
    return ReplicatedBatch.parseFrom(bytes);
  }

  static byte[] encodeOutcomes(List<Ledger.GroupOutcome> outcomes) {
    BatchOutcome.Builder b = BatchOutcome.newBuilder();
    for (Ledger.GroupOutcome o : outcomes) {
      GroupOutcome.Builder g = GroupOutcome.newBuilder();
      if (o.refusal() != null) {
        g.setRefusal(Refusal.newBuilder().setReason(o.refusal().error().name()).setMessage(o.refusal().getMessage()));
      } else {
        for (Appended a : o.appended()) {
          g.addAppended(AppendedRecord.newBuilder().setIndex(a.index())
              .setLeafHash(ByteString.copyFrom(a.leafHash().toByteArray())).setDuplicate(a.duplicate()));
        }
      }
      b.addGroups(g);
    }
    return b.build().toByteArray();
  }

  /**
   * The outcomes of a batch of {@code groups} groups.
   *
   * @throws LedgerException STORE_IO if the reply does not match the batch (a node bug)
   */
  static List<Ledger.GroupOutcome> decodeOutcomes(byte[] bytes, int groups) {
    BatchOutcome outcome;
    try {
      outcome = BatchOutcome.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(LedgerError.STORE_IO, "replication: unreadable batch outcome: " + e.getMessage());
    }
    if (outcome.getGroupsCount() != groups) {
      throw new LedgerException(LedgerError.STORE_IO, "replication: batch outcome has " + outcome.getGroupsCount()
          + " groups, want " + groups);
    }
    List<Ledger.GroupOutcome> out = new ArrayList<>(groups);
    for (GroupOutcome g : outcome.getGroupsList()) {
      if (g.hasRefusal()) {
        out.add(new Ledger.GroupOutcome(List.of(), new LedgerException(error(g.getRefusal().getReason()),
            g.getRefusal().getMessage())));
      } else {
        List<Appended> appended = new ArrayList<>(g.getAppendedCount());
        for (AppendedRecord a : g.getAppendedList()) {
          appended.add(new Appended(a.getIndex(), Hash32.of(a.getLeafHash().toByteArray()), a.getDuplicate()));
        }
        out.add(new Ledger.GroupOutcome(appended, null));
      }
    }
    return out;
  }

  private static LedgerError error(String reason) {
    try {
      return LedgerError.valueOf(reason);
    } catch (IllegalArgumentException e) {
      return LedgerError.INVALID_ARGUMENT; // a newer node's reason this node does not know
    }
  }
}
