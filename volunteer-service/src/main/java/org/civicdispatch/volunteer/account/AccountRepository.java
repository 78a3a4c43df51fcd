package org.civicdispatch.volunteer.account;

import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

@Repository
class AccountRepository {

	private static final String SELECT_ACCOUNT = """
			select u.id, u.phone, u.name, u.admin, u.password_hash,
			       exists (select 1 from volunteers v where v.user_id = u.id) as volunteer,
			       array(select s.org_unit_id from staff_scopes s where s.user_id = u.id) as staff_scopes
			from users u
			""";

	private final DatabaseClient database;

	AccountRepository(DatabaseClient database) {
		this.database = database;
	}

	record WithPassword(Account account, String passwordHash) {
	}

	Mono<Boolean> phoneTaken(String phone) {
		return database.sql("select exists (select 1 from users where phone = :phone) as taken")
			.bind("phone", phone)
			.map((row, meta) -> row.get("taken", Boolean.class))
			.one();
	}

	Mono<Void> insert(UUID id, String phone, String passwordHash, String name) {
		return database.sql("insert into users (id, phone, password_hash, name) values (:id, :phone, :hash, :name)")
			.bind("id", id)
			.bind("phone", phone)
			.bind("hash", passwordHash)
			.bind("name", name)
			.then();
	}

	Mono<WithPassword> findByPhone(String phone) {
		return database.sql(SELECT_ACCOUNT + " where u.phone = :phone")
			.bind("phone", phone)
			.map((row, meta) -> new WithPassword(account(row), row.get("password_hash", String.class)))
			.one();
	}

	Mono<Account> findById(UUID id) {
		return database.sql(SELECT_ACCOUNT + " where u.id = :id").bind("id", id).map((row, meta) -> account(row)).one();
	}

	private static Account account(Readable row) {
		UUID[] scopes = row.get("staff_scopes", UUID[].class);
		return new Account(row.get("id", UUID.class), row.get("phone", String.class), row.get("name", String.class),
				Boolean.TRUE.equals(row.get("admin", Boolean.class)),
				Boolean.TRUE.equals(row.get("volunteer", Boolean.class)), scopes == null ? Set.of() : Set.of(scopes));
	}

}
