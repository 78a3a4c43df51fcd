package org.civicdispatch.order.wish;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.civicdispatch.order.serviceorder.OrderView;

/**
 * A wish as the wall shows it; {@code contactPhone} masked unless the reader is its
 * author or staff over its station.
 */
record WishView(UUID id, String title, String description, UUID stationId, String stationName, @Schema(
		description = "Masked (138****0000) except for the author and staff over the station") String contactPhone,
		Wish.Status status, UUID authorId,
		@Schema(description = "The order of category WISH the claim made; null until CLAIMED",
				nullable = true) UUID orderId,
		@Schema(nullable = true) UUID teamId, @Schema(nullable = true) String teamName,
		@Schema(nullable = true) Instant claimedAt, @Schema(nullable = true) String closeReason,
		@Schema(nullable = true) Instant closedAt, Instant createdAt, Instant updatedAt) {

	static WishView of(WishRepository.Listed listed, boolean showContact) {
		Wish.Snapshot s = listed.wish().snapshot();
		return new WishView(s.id(), s.title(), s.description(), s.stationId(), listed.stationName(),
				showContact ? s.contactPhone() : OrderView.mask(s.contactPhone()), s.status(), s.authorId(),
				s.orderId(), s.teamId(), listed.teamName(), s.claimedAt(), s.closeReason(), s.closedAt(), s.createdAt(),
				s.updatedAt());
	}

}
