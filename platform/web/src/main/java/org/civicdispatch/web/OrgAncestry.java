package org.civicdispatch.web;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * The org tree as one service knows it (from its own table or read model): the units
 * above a unit, nearest first. Each service that checks staff scope provides one bean of
 * this type.
 */
@FunctionalInterface
public interface OrgAncestry {

	/**
	 * The ids above the unit, nearest first; empty when the unit is unknown to this
	 * service.
	 */
	Mono<List<UUID>> ancestorsOf(UUID orgUnitId);

}
