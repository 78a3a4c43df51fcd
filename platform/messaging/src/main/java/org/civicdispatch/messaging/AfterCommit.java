package org.civicdispatch.messaging;

import reactor.core.publisher.Mono;

import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * Runs something once the surrounding reactive transaction has committed, and never when
 * it rolls back: for counting what a transaction did (a meter counted inside an inbox
 * transaction that is then retried would count twice). Outside a transaction it runs at
 * once.
 */
public final class AfterCommit {

	private AfterCommit() {
	}

	/**
	 * A step of the transaction that arranges for {@code action} to run after its commit.
	 */
	public static Mono<Void> run(Runnable action) {
		return TransactionSynchronizationManager.forCurrentTransaction().flatMap(synchronization -> {
			if (!synchronization.isSynchronizationActive()) {
				action.run();
				return Mono.<Void>empty();
			}
			synchronization.registerSynchronization(new TransactionSynchronization() {
				@Override
				public Mono<Void> afterCommit() {
					return Mono.fromRunnable(action);
				}
			});
			return Mono.<Void>empty();
		}).onErrorResume(NoTransactionException.class, none -> Mono.fromRunnable(action));
	}

}
