package org.civicdispatch.order.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.civicdispatch.order.serviceorder.OrderStatus;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/events/stream}: the changes of the orders the caller may read, as
 * server-sent events, from every instance (see {@link FeedPump}); with
 * {@code Last-Event-ID} first what the client missed since that event.
 */
@RestController
@RequestMapping("/api/events")
class EventStreamController {

	/** How long a browser waits before it reconnects after the stream ended. */
	private static final Duration RECONNECT = Duration.ofSeconds(3);

	static final String LAST_EVENT_ID = "Last-Event-ID";

	private final FeedPump pump;

	private final OrderFeed feed;

	private final StreamSlots slots;

	private final LiveProperties properties;

	private final Clock clock;

	EventStreamController(FeedPump pump, OrderFeed feed, StreamSlots slots, LiveProperties properties, Clock clock) {
		this.pump = pump;
		this.feed = feed;
		this.slots = slots;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The {@code data} of an {@code order}, {@code dispatch} or {@code urge} event;
	 * {@code note} only in {@code urge}.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record OrderEvent(UUID id, OrderStatus status, UUID teamId, Instant updatedAt,
			@Schema(description = "The staff's urging note (督办意见); only in `urge` events") String note) {
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Live updates of the orders the caller may read",
			description = """
					A `text/event-stream` that stays open. `event: order` for every change of an order the caller \
					may read (its resident, its team and teams that had it, staff over its station, ADMIN); \
					`event: dispatch` for the leader when an order is dispatched to their team; `event: urge` \
					for the leader and members of the team holding an order when staff urge it (督办, \
					`POST /api/orders/{id}/urge`), with the staff's `note`; `event: pool` (抢单) for the leaders of \
					the teams that could take an order of a station in GRAB mode when it enters or leaves the pool \
					(`GET /api/orders/pool`). `data` is \
					`{id, status, teamId, updatedAt}` (plus `note` in `urge`) and `id` the event id. A comment line (`:`) comes every \
					15 s when nothing else does. On reconnect, `Last-Event-ID` (or, on the first connect, the \
					`lastEventId` parameter) sends first what the caller missed since that event (at most the \
					newest 500 of the last 24 hours). At most 5 streams per user at once (429 beyond).""")
	@Parameter(name = LAST_EVENT_ID, in = ParameterIn.HEADER, description = "The id of the last event received",
			schema = @Schema(type = "string", pattern = "^[0-9]{1,18}$"))
	@ApiResponse(responseCode = "200", description = "The stream of events",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(implementation = OrderEvent.class)))
	Mono<ResponseEntity<Flux<ServerSentEvent<OrderEvent>>>> stream(CurrentUser user,
			@Parameter(hidden = true) JwtAuthenticationToken token,
			@Parameter(hidden = true) @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventIdHeader,
			@Parameter(description = "Like Last-Event-ID, for clients that cannot set headers",
					schema = @Schema(type = "string", pattern = "^[0-9]{1,18}$")) @RequestParam(
							required = false) String lastEventId) {
		return Mono.fromCallable(() -> {
			// the header is what a browser sends on reconnect, while the URL keeps the
			// first connect's parameter
			Long after = lastEventIdHeader != null && !lastEventIdHeader.isBlank()
					? eventId(LAST_EVENT_ID, lastEventIdHeader) : eventId("lastEventId", lastEventId);
			StreamSlots.Slot slot = slots.take(user.id());
			return ResponseEntity.ok()
				.cacheControl(CacheControl.noStore())
				// nginx and the like would otherwise hold events back
				.header("X-Accel-Buffering", "no")
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.body(events(user, after).takeUntilOther(expiry(token)).doFinally(signal -> slot.giveBack()));
		});
	}

	private Flux<ServerSentEvent<OrderEvent>> events(CurrentUser user, Long after) {
		// live entries are taken (and buffered) from the start, while what was missed is
		// read: the two
		// may overlap, never leave a gap; ids only grow, so the overlap is dropped by id
		Flux<FeedEntry> live = pump.entries()
			.filter(entry -> entry.visibleTo(user))
			.onBackpressureBuffer(properties.buffer(), BufferOverflowStrategy.ERROR);
		Flux<FeedEntry> missed = after == null ? Flux.empty()
				: feed.missed(user, after, properties.resumeWindow(), properties.resumeLimit());
		AtomicLong lastSent = new AtomicLong(after == null ? 0 : after);
		Flux<ServerSentEvent<OrderEvent>> changes = Flux.mergeSequential(missed, live)
			.filter(entry -> entry.id() > lastSent.get())
			.doOnNext(entry -> lastSent.set(entry.id()))
			.map(EventStreamController::event)
			// a client too slow to keep up is let go: it reconnects and resumes from its
			// last event
			.onErrorResume(Exceptions::isOverflow, overflow -> Flux.empty());
		Flux<ServerSentEvent<OrderEvent>> heartbeats = Flux.interval(properties.heartbeat(), properties.heartbeat())
			.map(tick -> ServerSentEvent.<OrderEvent>builder().comment("").build());
		// the first line goes out at once, so that the answer's headers do too, through
		// every proxy
		ServerSentEvent<OrderEvent> hello = ServerSentEvent.<OrderEvent>builder().retry(RECONNECT).comment("").build();
		return Flux.concat(Mono.just(hello), Flux.merge(changes, heartbeats).takeUntilOther(pump.stopping()));
	}

	/**
	 * The stream ends when the token it was opened with does: the client's reconnect then
	 * needs a valid token, as every other request does.
	 */
	private Mono<Long> expiry(JwtAuthenticationToken token) {
		Instant expiresAt = token.getToken().getExpiresAt();
		if (expiresAt == null) {
			return Mono.never();
		}
		Duration left = Duration.between(clock.instant(), expiresAt);
		return Mono.delay(left.isNegative() ? Duration.ZERO : left);
	}

	private static ServerSentEvent<OrderEvent> event(FeedEntry entry) {
		return ServerSentEvent
			.builder(new OrderEvent(entry.orderId(), OrderStatus.valueOf(entry.status()), entry.teamId(),
					entry.updatedAt(), entry.note()))
			.id(Long.toString(entry.id()))
			.event(entry.kind().eventName())
			.build();
	}

	private static Long eventId(String name, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String id = value.strip();
		if (!id.matches("[0-9]{1,18}")) {
			throw BadRequestException.field(name, "须为收到的最后一个事件的编号");
		}
		return Long.parseLong(id);
	}

}
