package org.civicdispatch.order.people;

import java.util.UUID;

import org.civicdispatch.events.UserRegistered;
import org.civicdispatch.events.VolunteerRegistered;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * What order-service knows of people, from {@code volunteer.events.v1}: which account a
 * phone belongs to (for 帮办) and at which station a volunteer serves. Kept as read models
 * rather than asked of volunteer-service at placement, so that ordering for a neighbour
 * works while volunteer-service is down and no service answers "does this phone have an
 * account?" to whoever asks.
 */
@Repository
public class People {

	private final DatabaseClient db;

	People(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Records the account's phone and makes the new account the resident of the orders
	 * helpers placed for that phone before it existed (or before this service heard of
	 * it): from now on its owner sees and rates them as their own.
	 */
	public Mono<Void> accountRegistered(UserRegistered user) {
		if (user.phone() == null) {
			return Mono.empty();
		}
		return db.sql("INSERT INTO account_phone (phone, user_id) VALUES (:phone, :user) ON CONFLICT DO NOTHING")
			.bind("phone", user.phone())
			.bind("user", user.userId())
			.then()
			.then(db.sql("""
					UPDATE service_order SET resident_id = :user, beneficiary_user_id = :user
					WHERE placed_by IS NOT NULL AND beneficiary_user_id IS NULL AND beneficiary_phone = :phone
					  AND placed_by <> :user""").bind("phone", user.phone()).bind("user", user.userId()).then());
	}

	public Mono<Void> volunteerRegistered(VolunteerRegistered volunteer) {
		if (volunteer.stationId() == null) {
			return Mono.empty();
		}
		return db.sql("""
				INSERT INTO volunteer_station (user_id, station_id) VALUES (:user, :station)
				ON CONFLICT (user_id) DO UPDATE SET station_id = EXCLUDED.station_id""")
			.bind("user", volunteer.userId())
			.bind("station", volunteer.stationId())
			.then();
	}

	/** The account with this phone, if order-service has heard of it. */
	public Mono<UUID> accountByPhone(String phone) {
		return db.sql("SELECT user_id FROM account_phone WHERE phone = :phone")
			.bind("phone", phone)
			.map(row -> row.get("user_id", UUID.class))
			.one();
	}

	/**
	 * Whether the user is a volunteer of the station, by registration or as a member of
	 * one of its teams.
	 */
	public Mono<Boolean> isVolunteerOf(UUID userId, UUID stationId) {
		return db.sql("""
				SELECT EXISTS (SELECT 1 FROM volunteer_station WHERE user_id = :user AND station_id = :station)
				    OR EXISTS (SELECT 1 FROM team WHERE org_unit_id = :station
				               AND (leader_id = :user OR :user = ANY (member_ids))) AS yes""")
			.bind("user", userId)
			.bind("station", stationId)
			.map(row -> Boolean.TRUE.equals(row.get("yes", Boolean.class)))
			.one();
	}

}
