package org.civicdispatch.order.live;

import org.civicdispatch.messaging.Sweep;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Deletes feed rows older than {@code civic.live.retention}: no client resumes from that
 * far back.
 */
@Component
class FeedRetentionSweep implements Sweep {

	private final OrderFeed feed;

	private final LiveProperties properties;

	FeedRetentionSweep(OrderFeed feed, LiveProperties properties) {
		this.feed = feed;
		this.properties = properties;
	}

	@Override
	public Mono<Void> run() {
		return feed.forgetOlderThan(properties.retention()).then();
	}

}
