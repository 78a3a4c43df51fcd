package org.civicdispatch.order.evaluation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.evaluation.resident-window}: how long after completion the resident may
 * rate before the staff review alone closes the order.
 * {@code civic.evaluation.appeal-window}: how long after the order was evaluated the
 * resident may appeal (申诉).
 */
@ConfigurationProperties("civic.evaluation")
record EvaluationProperties(@DefaultValue("7d") Duration residentWindow, @DefaultValue("7d") Duration appealWindow) {
}
