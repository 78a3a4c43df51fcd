package org.civicdispatch.order.wish;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.civicdispatch.order.serviceorder.IllegalTransitionException;
import org.civicdispatch.order.serviceorder.InvalidOrderInputException;

/**
 * A 微心愿 on the wish wall (心愿墙): {@code OPEN} until a team leader claims it, when it
 * becomes an accepted order of category {@code WISH} ({@code CLAIMED}), or its author or
 * staff close it ({@code CLOSED}). Who may do either is decided by the caller; a
 * transition from the wrong status throws {@link IllegalTransitionException}.
 */
final class Wish {

	enum Status {

		OPEN, CLAIMED, CLOSED

	}

	private final UUID id;

	private final UUID authorId;

	private final String title;

	private final String description;

	private final UUID stationId;

	private final String contactPhone;

	private final Instant createdAt;

	private Status status;

	private UUID orderId;

	private UUID teamId;

	private UUID claimedBy;

	private Instant claimedAt;

	private UUID closedBy;

	private String closeReason;

	private Instant closedAt;

	private Instant updatedAt;

	private Wish(Snapshot s) {
		this.id = Objects.requireNonNull(s.id());
		this.authorId = s.authorId();
		this.title = s.title();
		this.description = s.description();
		this.stationId = s.stationId();
		this.contactPhone = s.contactPhone();
		this.createdAt = s.createdAt();
		this.status = s.status();
		this.orderId = s.orderId();
		this.teamId = s.teamId();
		this.claimedBy = s.claimedBy();
		this.claimedAt = s.claimedAt();
		this.closedBy = s.closedBy();
		this.closeReason = s.closeReason();
		this.closedAt = s.closedAt();
		this.updatedAt = s.updatedAt();
	}

	static Wish post(UUID id, UUID authorId, String title, String description, UUID stationId, String contactPhone,
			Instant now) {
		return new Wish(new Snapshot(id, authorId, title.strip(), blankToNull(description), stationId, contactPhone,
				now, Status.OPEN, null, null, null, null, null, null, null, now));
	}

	static Wish restore(Snapshot snapshot) {
		return new Wish(snapshot);
	}

	/** A team took the wish on: it is now the order {@code order}. */
	void claim(UUID order, UUID team, UUID leaderId, Instant now) {
		requireOpen("认领");
		status = Status.CLAIMED;
		orderId = order;
		teamId = team;
		claimedBy = leaderId;
		claimedAt = now;
		updatedAt = now;
	}

	/** Nobody will take it, or it is no longer wanted. */
	void close(UUID actorId, String reason, Instant now) {
		requireOpen("关闭");
		if (reason == null || reason.isBlank()) {
			throw new InvalidOrderInputException("reason", "请填写关闭原因");
		}
		status = Status.CLOSED;
		closedBy = actorId;
		closeReason = reason.strip();
		closedAt = now;
		updatedAt = now;
	}

	void requireOpen(String what) {
		switch (status) {
			case OPEN -> {
			}
			case CLAIMED -> throw new IllegalTransitionException("心愿已被认领，不能" + what);
			case CLOSED -> throw new IllegalTransitionException("心愿已关闭，不能" + what);
		}
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.strip();
	}

	UUID id() {
		return id;
	}

	UUID authorId() {
		return authorId;
	}

	UUID stationId() {
		return stationId;
	}

	Status status() {
		return status;
	}

	Snapshot snapshot() {
		return new Snapshot(id, authorId, title, description, stationId, contactPhone, createdAt, status, orderId,
				teamId, claimedBy, claimedAt, closedBy, closeReason, closedAt, updatedAt);
	}

	record Snapshot(UUID id, UUID authorId, String title, String description, UUID stationId, String contactPhone,
			Instant createdAt, Status status, UUID orderId, UUID teamId, UUID claimedBy, Instant claimedAt,
			UUID closedBy, String closeReason, Instant closedAt, Instant updatedAt) {
	}

}
