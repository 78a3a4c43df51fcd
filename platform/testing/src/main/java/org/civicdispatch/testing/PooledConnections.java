package org.civicdispatch.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a service's R2DBC connection pool holds, for tests that check no connection went
 * missing.
 */
public final class PooledConnections {

	private PooledConnections() {
	}

	/** The pool's counts right now. */
	public record State(int acquired, int idle, int allocated, int pending, int max) {

		@Override
		public String toString() {
			return "%d of %d connections in use, %d idle, %d allocated, %d waiting for one".formatted(this.acquired,
					this.max, this.idle, this.allocated, this.pending);
		}

	}

	public static State of(ConnectionFactory factory) {
		PoolMetrics metrics = pool(factory).getMetrics()
			.orElseThrow(() -> new IllegalStateException("The connection pool keeps no metrics"));
		return new State(metrics.acquiredSize(), metrics.idleSize(), metrics.allocatedSize(),
				metrics.pendingAcquireSize(), metrics.getMaxAllocatedSize());
	}

	/**
	 * Waits until every connection is back in the pool and nobody waits for one; throws
	 * {@link AssertionError} naming the counts when that does not happen within
	 * {@code within}. {@code when} says when that was expected, for the message (e.g.
	 * "after hang-ups on reads").
	 */
	public static State awaitAllReturned(ConnectionFactory factory, Duration within, String when) {
		long deadline = System.nanoTime() + within.toNanos();
		State state = of(factory);
		while (state.acquired() > 0 || state.pending() > 0) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError(
						"Connections did not come back to the pool within " + within + " " + when + ": " + state);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			state = of(factory);
		}
		return state;
	}

	/**
	 * How many transactions the service's database has run so far (committed or rolled
	 * back; a statement outside a transaction counts as one), as PostgreSQL counts them:
	 * to see that requests reached the database. PostgreSQL publishes a busy connection's
	 * counts about once a second.
	 */
	public static long transactionsSoFar(ConnectionFactory factory) {
		return Mono
			.usingWhen(Mono.from(factory.create()), connection -> Mono.from(connection.createStatement("""
					SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()""")
				.execute()).flatMap(result -> Mono.from(result.map((row, meta) -> row.get("n", Long.class)))),
					Connection::close)
			.block(Duration.ofSeconds(10));
	}

	/**
	 * Takes every connection of the pool and keeps them until closed, so that the service
	 * finds none: to see what a request does when the pool is exhausted.
	 */
	public static AutoCloseable holdAll(ConnectionFactory factory) {
		int max = of(factory).max();
		List<Connection> held = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (held.size() < max) {
			try {
				held.add(Mono.from(factory.create()).block(Duration.ofSeconds(5)));
			}
			catch (RuntimeException ex) {
				// the service's own work had them for a moment longer than the pool
				// waits: try again
				if (System.nanoTime() > deadline) {
					held.forEach(connection -> Mono.from(connection.close()).block());
					throw new IllegalStateException("Could not take all " + max + " connections", ex);
				}
			}
		}
		return () -> Flux.fromIterable(held).concatMap(Connection::close).then().block(Duration.ofSeconds(10));
	}

	private static ConnectionPool pool(ConnectionFactory factory) {
		Object candidate = factory;
		while (!(candidate instanceof ConnectionPool) && candidate instanceof Wrapped<?> wrapped) {
			candidate = wrapped.unwrap();
		}
		if (candidate instanceof ConnectionPool pool) {
			return pool;
		}
		throw new IllegalStateException("Not a pooled connection factory: " + factory);
	}

}
