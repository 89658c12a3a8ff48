package org.baytrace.tracking.domain.waterbus;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.waterbus.v1.BookingCancellation;
import org.baytrace.api.waterbus.v1.EquipmentEvent;
import org.baytrace.api.waterbus.v1.PortCallEvent;
import org.baytrace.api.waterbus.v1.Service;
import org.baytrace.api.waterbus.v1.SlotBooking;
import org.baytrace.api.waterbus.v1.Voyage;
import org.baytrace.tracking.domain.common.ContainerNumber;
import org.baytrace.tracking.domain.common.ProtoContent;

/**
 * Builds the record bodies of the water-bus profile with the right kind, subjects and content
 * type, for clients, the demo and tests; the caller signs them ({@code Records.sign}). Stateless.
 */
public final class WaterBusRecords {
  private WaterBusRecords() {}

  /** A body with the kind named after the message, its subjects and content. */
  public static RecordBody body(String origin, String author, long eventTime, String nonce, List<String> subjects,
      Message content) {
    return RecordBody.newBuilder()
        .setOrigin(origin)
        .setKind(WaterBusKinds.PREFIX + content.getDescriptorForType().getName())
        .addAllSubjects(subjects)
        .setEventTimeUnixMillis(eventTime)
        .setAuthorOrg(author)
        .setNonce(ByteString.copyFrom(nonce, StandardCharsets.UTF_8))
        .setContentType(ProtoContent.contentType(content.getDescriptorForType()))
        .setContent(content.toByteString())
        .build();
  }

  public static RecordBody service(String origin, String operator, long time, Service s) {
    return body(origin, operator, time, "service:" + s.getServiceCode(),
        List.of(WaterBusSubjects.serviceUrn(operator, s.getServiceCode())), s);
  }

  public static RecordBody voyage(String origin, String operator, long time, Voyage v) {
    return body(origin, operator, time, "voyage:" + v.getVoyageNumber(), List.of(
        WaterBusSubjects.voyageUrn(operator, v.getVoyageNumber()), WaterBusSubjects.serviceUrn(operator, v.getServiceCode())), v);
  }

  public static RecordBody portCallEvent(String origin, String operator, String voyageNumber, String nonce, PortCallEvent e) {
    return body(origin, operator, e.getEventTimeUnixMillis(), nonce,
        List.of(WaterBusSubjects.voyageUrn(operator, voyageNumber)), e);
  }

  public static RecordBody booking(String origin, String partner, long time, String voyageUrn, SlotBooking b) {
    return body(origin, partner, time, "booking:" + b.getBookingReference(),
        List.of(voyageUrn, ContainerNumber.URN_PREFIX + b.getContainerNumber()), b);
  }

  public static RecordBody cancellation(String origin, String author, long time, String voyageUrn, String container,
      BookingCancellation c) {
    return body(origin, author, time, "cancel:" + c.getBookingReference(),
        List.of(voyageUrn, ContainerNumber.URN_PREFIX + container), c);
  }

  public static RecordBody equipmentEvent(String origin, String author, String voyageUrn, EquipmentEvent e) {
    return body(origin, author, e.getEventTimeUnixMillis(), e.getEventType() + ":" + e.getContainerNumber() + ":" + e.getPort(),
        List.of(voyageUrn, ContainerNumber.URN_PREFIX + e.getContainerNumber()), e);
  }
}
