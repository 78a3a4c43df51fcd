package org.civicdispatch.order.serviceorder;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * What the order feature asks of the dispatcher after a change has committed. Kept as an
 * interface here so that orders do not depend on how dispatch works.
 */
public interface DispatchTrigger {

	/**
	 * Offers a waiting order to a team now; completes when it is dispatched or left
	 * waiting.
	 */
	Mono<Void> dispatch(UUID orderId);

	/** A team has room again: waiting orders should be offered soon. Returns at once. */
	void capacityFreed();

}
