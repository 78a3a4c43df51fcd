package org.civicdispatch.order.live;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.civicdispatch.web.TooManyRequestsException;

import org.springframework.stereotype.Component;

/**
 * How many streams each user has open on this instance, at most
 * {@code civic.live.max-streams-per-user} (a few tabs and devices; a client that opens
 * streams in a loop gets 429 instead of this instance's memory).
 */
@Component
class StreamSlots {

	static final String DETAIL = "同时打开的实时更新连接过多，请关闭其他页面后再试 (too many open event streams)";

	private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

	private final Map<UUID, Integer> open = new ConcurrentHashMap<>();

	private final int max;

	StreamSlots(LiveProperties properties) {
		this.max = properties.maxStreamsPerUser();
	}

	/** Takes a slot for one stream of the user, or fails with 429 when all are taken. */
	Slot take(UUID userId) {
		open.compute(userId, (user, count) -> {
			int taken = count == null ? 0 : count;
			if (taken >= max) {
				throw new TooManyRequestsException(DETAIL, RETRY_AFTER);
			}
			return taken + 1;
		});
		return new Slot(userId);
	}

	/** One open stream; giving it back more than once gives it back once. */
	final class Slot {

		private final UUID userId;

		private final AtomicBoolean returned = new AtomicBoolean();

		private Slot(UUID userId) {
			this.userId = userId;
		}

		void giveBack() {
			if (returned.compareAndSet(false, true)) {
				open.computeIfPresent(userId, (user, count) -> count > 1 ? count - 1 : null);
			}
		}

	}

}
