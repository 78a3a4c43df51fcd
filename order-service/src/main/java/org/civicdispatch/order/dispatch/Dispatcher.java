package org.civicdispatch.order.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.civicdispatch.messaging.Sweeper;
import org.civicdispatch.order.serviceorder.DispatchTrigger;
import org.civicdispatch.order.serviceorder.OrderChange;
import org.civicdispatch.order.serviceorder.OrderStatus;
import org.civicdispatch.order.serviceorder.OrderStore;
import org.civicdispatch.order.serviceorder.ServiceOrder;
import org.civicdispatch.order.team.TeamRepository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The automatic dispatcher. One transaction per order: lock the order row, rank the
 * candidates, claim a slot from the best team that still has one (passing over a team
 * whose slot another dispatch is claiming at that moment, unless every candidate is), and
 * record the dispatch with its event, or leave the order {@code UNASSIGNED}. An order can
 * therefore never be with two teams, and no team goes over capacity, however many
 * instances run.
 */
@Component
class Dispatcher implements DispatchTrigger {

	private final OrderStore store;

	private final DispatchCandidates candidates;

	private final TeamRepository teams;

	private final DispatchProperties properties;

	private final ObjectProvider<Sweeper> sweeper;

	private final GrabPool pool;

	private final Clock clock;

	Dispatcher(OrderStore store, DispatchCandidates candidates, TeamRepository teams, DispatchProperties properties,
			ObjectProvider<Sweeper> sweeper, GrabPool pool, Clock clock) {
		this.store = store;
		this.candidates = candidates;
		this.teams = teams;
		this.properties = properties;
		this.sweeper = sweeper;
		this.pool = pool;
		this.clock = clock;
	}

	/**
	 * Dispatches the order now, waiting if someone else holds it (then finding it already
	 * dealt with, most likely): used right after placing and rejecting, whose callers
	 * want the outcome.
	 */
	@Override
	public Mono<Void> dispatch(UUID orderId) {
		return store.change(orderId, this::dispatchToBestTeam).then();
	}

	/**
	 * Dispatches the order unless another transaction, maybe another instance, holds it:
	 * for sweeps.
	 */
	public Mono<Void> dispatchIfFree(UUID orderId) {
		return store.changeIfFree(orderId, this::dispatchToBestTeam).then();
	}

	private Mono<List<OrderChange>> dispatchToBestTeam(ServiceOrder order) {
		if (!OrderStatus.AWAITING_TEAM.contains(order.status())) {
			return Mono.just(List.of());
		}
		Instant now = clock.instant();
		// 抢单: while the order is offered to the teams of a station in GRAB mode, they
		// claim it themselves
		return pool.offered(order.id(), now)
			.flatMap(offered -> offered ? Mono.just(List.<OrderChange>of()) : dispatchNow(order, now));
	}

	private Mono<List<OrderChange>> dispatchNow(ServiceOrder order, Instant now) {
		// Orders placed together rank the same team first. Rather than queue on its row,
		// each takes
		// the best team nobody is claiming from at this moment, and waits only when all
		// are busy.
		return candidates.rank(order.id(), properties.candidateLimit())
			.flatMap(ranked -> claimFirst(ranked, team -> teams.claimSlotIfFree(team, now))
				.switchIfEmpty(Mono.defer(() -> claimFirst(ranked, team -> teams.claimSlot(team, now)))))
			.map(team -> order.dispatch(team, now.plus(properties.acceptTimeout()), null, now))
			.switchIfEmpty(Mono.fromSupplier(
					() -> order.status() == OrderStatus.PLACED ? order.unassign(now) : List.<OrderChange>of()));
	}

	/** The first team, in ranking order, of which {@code claim} takes a slot. */
	private static Mono<UUID> claimFirst(List<UUID> ranked, Function<UUID, Mono<Boolean>> claim) {
		return Flux.fromIterable(ranked)
			.concatMap(team -> claim.apply(team).filter(Boolean::booleanValue).map(claimed -> team))
			.next();
	}

	@Override
	public void capacityFreed() {
		sweeper.ifAvailable(Sweeper::wake);
	}

}
