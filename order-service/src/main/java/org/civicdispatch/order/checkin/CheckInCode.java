package org.civicdispatch.order.checkin;

import java.time.Instant;

/** A check-in code (签到码) for one order, valid until {@code expiresAt}. */
record CheckInCode(String code, Instant expiresAt) {
}
