package org.civicdispatch.web;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.reactive.TransactionCallback;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The services' {@link TransactionalOperator}: a transaction, once begun, runs to its
 * commit or rollback even when the client that asked for it hangs up. Phones hang up
 * mid-request all the time; a cancelled transaction could give its connection back late
 * or not at all (HangUpIntegrationTests), and a change a client asked for is better
 * finished than half-done: a retry finds it done (Idempotency-Key) or refused (409).
 */
@AutoConfiguration(afterName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
		beforeName = "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
@ConditionalOnClass({ TransactionalOperator.class, ReactiveTransactionManager.class })
public class UncancelledTransactionsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(TransactionalOperator.class)
	@ConditionalOnBean(ReactiveTransactionManager.class)
	TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
		return new UncancelledTransactions(TransactionalOperator.create(transactionManager));
	}

	/** Runs each transaction detached from its subscriber's cancellation. */
	static final class UncancelledTransactions implements TransactionalOperator {

		private final TransactionalOperator transactions;

		UncancelledTransactions(TransactionalOperator transactions) {
			this.transactions = transactions;
		}

		@Override
		public <T> Mono<T> transactional(Mono<T> mono) {
			return detached(transactions.transactional(mono));
		}

		@Override
		public <T> Flux<T> transactional(Flux<T> flux) {
			return detached(transactions.transactional(flux).collectList()).flatMapIterable((items) -> items);
		}

		@Override
		public <T> Flux<T> execute(TransactionCallback<T> action) throws TransactionException {
			return detached(transactions.execute(action).collectList()).flatMapIterable((items) -> items);
		}

		/**
		 * Runs {@code work} with the subscriber's context (the user, the request id) but
		 * not its cancellation.
		 */
		private static <T> Mono<T> detached(Mono<T> work) {
			return Mono
				.deferContextual((context) -> Mono.fromFuture(() -> work.contextWrite(context).toFuture(), true));
		}

	}

}
