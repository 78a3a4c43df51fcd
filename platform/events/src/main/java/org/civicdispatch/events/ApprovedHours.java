package org.civicdispatch.events;

import java.math.BigDecimal;
import java.util.UUID;

/** Hours of one volunteer on one order, as approved by the evaluation. */
public record ApprovedHours(UUID volunteerId, BigDecimal approvedHours) {
}
