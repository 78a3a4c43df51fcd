package org.civicdispatch.order.serviceorder;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * What {@link OrderStore} records, in the transaction of each change, for the clients
 * that follow orders live. Kept as an interface here so that orders do not depend on how
 * live updates work.
 */
public interface OrderChangeFeed {

	/**
	 * Records the change in the current transaction; the store calls it last, just before
	 * the commit. Nothing is recorded for an empty list.
	 */
	Mono<Void> append(ServiceOrder order, List<OrderChange> changes);

}
