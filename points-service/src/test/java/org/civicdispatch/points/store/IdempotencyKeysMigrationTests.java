package org.civicdispatch.points.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.civicdispatch.testing.Infra;
import org.civicdispatch.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V6 moves Idempotency-Keys from the redemption row into the shared
 * {@code idempotency_key} table: a volunteer retrying a redemption made before the
 * upgrade gets that redemption, not a second one (real PostgreSQL, the service's own
 * migrations).
 */
class IdempotencyKeysMigrationTests {

	@Test
	void keysOfRedemptionsMadeBeforeV6AnswerTheSameRedemptionAfterIt() throws SQLException {
		TestDatabase database = Infra.postgres().createDatabase("points_idempotency_v6");
		migrate(database, "5");
		UUID item = UUID.randomUUID();
		UUID volunteer = UUID.randomUUID();
		UUID withKey = UUID.randomUUID();
		UUID withoutKey = UUID.randomUUID();
		Instant redeemedAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
		String hash = RedemptionService.requestHash(item, 2);
		try (Connection connection = connect(database)) {
			update(connection, "INSERT INTO store_item (id, station_id, name, points_cost, stock, created_by) "
					+ "VALUES (?, ?, '雨伞', 10, 8, ?)", item, UUID.randomUUID(), UUID.randomUUID());
			insertRedemption(connection, withKey, volunteer, item, "retry-1", hash, redeemedAt);
			insertRedemption(connection, withoutKey, volunteer, item, null, null, redeemedAt);
		}

		migrate(database, "latest");

		try (Connection connection = connect(database);
				PreparedStatement query = connection.prepareStatement(
						"SELECT user_id, key, request_hash, resource_id, response_status, response_body, created_at "
								+ "FROM idempotency_key")) {
			ResultSet keys = query.executeQuery();
			assertThat(keys.next()).as("the one key").isTrue();
			assertThat(keys.getObject("user_id", UUID.class)).isEqualTo(volunteer);
			assertThat(keys.getString("key")).isEqualTo("retry-1");
			assertThat(keys.getString("request_hash")).as("the same item and quantity hash to it").isEqualTo(hash);
			assertThat(keys.getObject("resource_id", UUID.class)).isEqualTo(withKey);
			assertThat(keys.getInt("response_status")).isEqualTo(201);
			assertThat(keys.getString("response_body")).as("answered with the redemption as it is now").isNull();
			assertThat(keys.getTimestamp("created_at").toInstant()).as("aged from the redemption")
				.isEqualTo(redeemedAt);
			assertThat(keys.next()).as("a redemption without a key leaves none").isFalse();
		}
	}

	private static void insertRedemption(Connection connection, UUID id, UUID volunteer, UUID item, String key,
			String hash, Instant at) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement(
				"""
						INSERT INTO redemption (id, user_id, item_id, station_id, quantity, points_spent, status, pickup_code,
						  expires_at, created_at, idempotency_key, request_hash)
						SELECT ?, ?, id, station_id, 2, 20, 'RESERVED', 'K7M2P9XQ', ?, ?, ?, ? FROM store_item WHERE id = ?""")) {
			insert.setObject(1, id);
			insert.setObject(2, volunteer);
			insert.setTimestamp(3, Timestamp.from(at.plus(7, ChronoUnit.DAYS)));
			insert.setTimestamp(4, Timestamp.from(at));
			insert.setString(5, key);
			insert.setString(6, hash);
			insert.setObject(7, item);
			assertThat(insert.executeUpdate()).isEqualTo(1);
		}
	}

	private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			statement.executeUpdate();
		}
	}

	private static void migrate(TestDatabase database, String target) {
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.locations("classpath:db/migration", "classpath:db/messaging")
			.target(target)
			.load()
			.migrate();
	}

	private static Connection connect(TestDatabase database) throws SQLException {
		return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
	}

}
