package org.civicdispatch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.civicdispatch.messaging.widget.WidgetApplication;
import org.civicdispatch.messaging.widget.Widgets;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * {@link AfterCommit}: what a transaction counts is counted once it has committed, never
 * when it rolls back.
 */
@SpringBootTest(classes = WidgetApplication.class,
		properties = { "civic.messaging.relay.poll-interval=1m", "widget.listening=false" })
@WithRealInfra
class AfterCommitIntegrationTests {

	@Autowired
	Widgets widgets;

	@Autowired
	TransactionalOperator transactions;

	private final List<String> done = new CopyOnWriteArrayList<>();

	@Test
	void runsOnlyOnceTheTransactionHasCommitted() {
		UUID id = UUID.randomUUID();
		Mono<Void> work = this.widgets.apply(id, "counted")
			.then(AfterCommit.run(() -> this.done.add("committed")))
			.then(Mono.fromRunnable(() -> assertThat(this.done).as("not before the commit").isEmpty()));

		this.transactions.transactional(work).block();

		assertThat(this.done).containsExactly("committed");
	}

	@Test
	void neverRunsWhenTheTransactionRollsBack() {
		Mono<Void> work = this.widgets.apply(UUID.randomUUID(), "rolled back")
			.then(AfterCommit.run(() -> this.done.add("rolled back")))
			.then(Mono.error(new IllegalStateException("rolled back on purpose")));

		assertThatThrownBy(() -> this.transactions.transactional(work).block()).hasMessageContaining("on purpose");

		assertThat(this.done).isEmpty();
	}

	@Test
	void runsAtOnceOutsideATransaction() {
		AfterCommit.run(() -> this.done.add("no transaction")).block();

		assertThat(this.done).containsExactly("no transaction");
	}

}
