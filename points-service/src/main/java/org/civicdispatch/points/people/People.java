package org.civicdispatch.points.people;

import java.util.Set;
import java.util.UUID;

import org.civicdispatch.events.IntegrationEvent;
import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.events.UserRegistered;
import org.civicdispatch.events.VolunteerRegistered;
import org.civicdispatch.web.OrgTree;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Read model of people from volunteer.events.v1: names for the leaderboard and each
 * volunteer's station. The org units those events announce go to the {@link OrgTree}.
 */
@Component
public class People {

	/**
	 * The volunteer events {@link #apply} handles; the others cost no inbox transaction.
	 */
	public static final Set<Class<? extends IntegrationEvent>> APPLIES = Set.of(UserRegistered.class,
			VolunteerRegistered.class, OrgUnitCreated.class);

	private final DatabaseClient db;

	private final OrgTree orgTree;

	People(DatabaseClient db, OrgTree orgTree) {
		this.db = db;
		this.orgTree = orgTree;
	}

	/** Whether the person is known from volunteer-service's events. */
	public Mono<Boolean> isKnown(UUID userId) {
		return find(userId).hasElement();
	}

	/**
	 * The person as known from volunteer-service's events; empty when not (yet) known.
	 */
	public Mono<Known> find(UUID userId) {
		return db.sql("SELECT user_id, station_id FROM person WHERE user_id = :id")
			.bind("id", userId)
			.map(row -> new Known(row.get("user_id", UUID.class), row.get("station_id", UUID.class)))
			.one();
	}

	/**
	 * A person this service knows of, with their station when they are a volunteer (else
	 * {@code null}).
	 */
	public record Known(UUID userId, UUID stationId) {
	}

	/**
	 * Applies one of the {@link #APPLIES} events, in the inbox's transaction
	 * ({@code VolunteerEventsListener}).
	 */
	public Mono<Void> apply(IntegrationEvent event) {
		return switch (event) {
			case UserRegistered e -> db.sql("""
					INSERT INTO person (user_id, name) VALUES (:id, :name)
					ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name""")
				.bind("id", e.userId())
				.bind("name", Parameter.fromOrEmpty(e.name(), String.class))
				.then();
			case VolunteerRegistered e -> db.sql("""
					INSERT INTO person (user_id, real_name, volunteer_no, station_id)
					VALUES (:id, :realName, :no, :station)
					ON CONFLICT (user_id) DO UPDATE SET real_name = EXCLUDED.real_name,
					  volunteer_no = EXCLUDED.volunteer_no, station_id = EXCLUDED.station_id""")
				.bind("id", e.userId())
				.bind("realName", Parameter.fromOrEmpty(e.realName(), String.class))
				.bind("no", Parameter.fromOrEmpty(e.volunteerNo(), String.class))
				.bind("station", Parameter.fromOrEmpty(e.stationId(), UUID.class))
				.then();
			case OrgUnitCreated e -> orgTree.save(e);
			default -> Mono.empty();
		};
	}

}
