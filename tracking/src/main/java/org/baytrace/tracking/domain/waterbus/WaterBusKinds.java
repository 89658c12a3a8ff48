package org.baytrace.tracking.domain.waterbus;

import java.util.List;

/** The record kinds of the water-bus profile. */
public final class WaterBusKinds {
  public static final String PREFIX = "waterbus.";
  public static final String SERVICE = "waterbus.Service";
  public static final String VOYAGE = "waterbus.Voyage";
  public static final String PORT_CALL_EVENT = "waterbus.PortCallEvent";
  public static final String SLOT_BOOKING = "waterbus.SlotBooking";
  public static final String BOOKING_CANCELLATION = "waterbus.BookingCancellation";
  public static final String EQUIPMENT_EVENT = "waterbus.EquipmentEvent";
  public static final List<String> ALL = List.of(SERVICE, VOYAGE, PORT_CALL_EVENT, SLOT_BOOKING, BOOKING_CANCELLATION,
      EQUIPMENT_EVENT);

  private WaterBusKinds() {}
}
