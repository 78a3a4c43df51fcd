package org.civicdispatch.messaging;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.util.context.Context;

/**
 * Takes the observation current on the subscribing thread (a Kafka listener container's
 * observation of the record being handled) into the Reactor context, so that it stays
 * current, through automatic context propagation, on every thread the effect continues
 * on. Nothing else of the thread is taken: the correlation id comes from the record's
 * header, not from whatever the thread last logged.
 */
final class ListenerObservation {

	private static final ContextSnapshotFactory OBSERVATION_ONLY = ContextSnapshotFactory.builder()
		.captureKeyPredicate(ObservationThreadLocalAccessor.KEY::equals)
		.build();

	private ListenerObservation() {
	}

	/**
	 * {@code context} with the current observation, unless it already has one; evaluated
	 * at subscription.
	 */
	static Context capture(Context context) {
		if (context.hasKey(ObservationThreadLocalAccessor.KEY)) {
			return context;
		}
		return OBSERVATION_ONLY.captureAll().updateContext(context);
	}

}
