package org.civicdispatch.order.team;

import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.IntegrationEvent;
import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.events.TeamMembershipChanged;
import org.civicdispatch.events.TeamRegistered;
import org.civicdispatch.events.TeamSnapshot;
import org.civicdispatch.events.TeamUpdated;
import org.civicdispatch.events.Topics;
import org.civicdispatch.events.UserRegistered;
import org.civicdispatch.events.VolunteerRegistered;
import org.civicdispatch.messaging.Inbox;
import org.civicdispatch.messaging.Sweeper;
import org.civicdispatch.order.people.People;
import org.civicdispatch.web.OrgTree;
import reactor.core.publisher.Mono;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the team, org-tree and people read models from {@code volunteer.events.v1}. A new
 * or changed team may be able to take waiting orders, so every applied event wakes the
 * sweeper.
 */
@Component
class VolunteerEventsListener {

	/**
	 * The volunteer events {@link #apply} handles; the others cost no inbox transaction.
	 */
	private static final Set<Class<? extends IntegrationEvent>> APPLIES = Set.of(OrgUnitCreated.class,
			TeamRegistered.class, TeamUpdated.class, TeamMembershipChanged.class, UserRegistered.class,
			VolunteerRegistered.class);

	private final Inbox inbox;

	private final TeamRepository teams;

	private final OrgTree orgUnits;

	private final Sweeper sweeper;

	private final People people;

	VolunteerEventsListener(Inbox inbox, TeamRepository teams, OrgTree orgUnits, Sweeper sweeper, People people) {
		this.inbox = inbox;
		this.teams = teams;
		this.orgUnits = orgUnits;
		this.sweeper = sweeper;
		this.people = people;
	}

	/**
	 * Once the event is applied and committed, waiting orders are offered again (wake-ups
	 * coalesce).
	 */
	@KafkaListener(topics = Topics.VOLUNTEER_EVENTS, groupId = "order-service${civic.messaging.group-suffix:}")
	Mono<Void> on(ConsumerRecord<String, String> record) {
		return inbox.consume(record, APPLIES, this::apply).doOnSuccess(done -> sweeper.wake());
	}

	Mono<Void> apply(IntegrationEvent event) {
		return switch (event) {
			case OrgUnitCreated e -> orgUnits.save(e);
			case TeamRegistered e -> saveTeam(e.team());
			case TeamUpdated e -> saveTeam(e.team());
			case TeamMembershipChanged e -> saveTeam(e.team());
			case UserRegistered e -> people.accountRegistered(e);
			case VolunteerRegistered e -> people.volunteerRegistered(e);
			default -> Mono.empty();
		};
	}

	private Mono<Void> saveTeam(TeamSnapshot team) {
		return teams.save(team).then();
	}

}
