package org.civicdispatch.events;

import java.math.BigDecimal;
import java.util.UUID;

/** Service hours of one volunteer on one order. */
public record VolunteerHours(UUID volunteerId, BigDecimal hours) {
}
