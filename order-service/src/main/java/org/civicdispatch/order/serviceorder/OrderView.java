package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An order as API.md reads it, plus {@code overdue}, {@code escalationLevel},
 * {@code summary}, {@code hours} and each history entry's {@code action} and
 * {@code teamId}. {@code contactPhone} and {@code address} are masked unless the reader
 * may call on the resident.
 */
public record OrderView(UUID id, UUID residentId, String category, String title, String description, UUID stationId,
		String address, String contactPhone, Instant preferredTime, OrderStatus status, UUID teamId,
		Instant acceptDeadline, Instant dueAt, boolean overdue,
		@Schema(description = """
				督办: while the order is accepted or under way at or past `dueAt`, the level whose staff are \
				to chase it: `STATION` at first, `INSTITUTE` once it has been overdue for the escalation grace \
				period (24 h by default), `CENTRE` after twice that; null otherwise""",
				nullable = true) OverdueEscalation.Level escalationLevel,
		List<UUID> volunteers, List<EvaluationView> evaluations, BigDecimal finalRating, String summary,
		List<HoursView> hours, List<HistoryView> history, Instant createdAt, Instant updatedAt,
		@Schema(description = "帮办: the volunteer or staff member who placed the order for the beneficiary; null "
				+ "when the resident ordered for themselves", nullable = true) UUID placedBy,
		@Schema(description = "帮办: the neighbour the order is for; the phone is masked like contactPhone",
				nullable = true) BeneficiaryView beneficiary,
		@Schema(description = "申诉: the resident's appeal and its decision; null when there is none",
				nullable = true) AppealView appeal,
		@Schema(description = "签到 / 签退 of the assigned volunteers, oldest first") List<CheckIn> checkIns,
		@Schema(description = "Photos of the resident and the team, oldest first (at most 9)") List<PhotoView> photos) {

	/**
	 * A photo of the order; {@code url} and {@code thumbnailUrl} need the reader's token,
	 * like the order.
	 */
	public record PhotoView(UUID id, String url, String thumbnailUrl, UUID by, Instant at) {
	}

	/** The same order with its photos. */
	public OrderView withPhotos(List<PhotoView> orderPhotos) {
		return new OrderView(id, residentId, category, title, description, stationId, address, contactPhone,
				preferredTime, status, teamId, acceptDeadline, dueAt, overdue, escalationLevel, volunteers, evaluations,
				finalRating, summary, hours, history, createdAt, updatedAt, placedBy, beneficiary, appeal, checkIns,
				List.copyOf(orderPhotos));
	}

	/** {@code onBehalf}: the helper recorded the beneficiary's rating (代评). */
	public record EvaluationView(Evaluation.Evaluator by, int rating, String comment, Instant at, boolean onBehalf) {
	}

	/**
	 * {@code hasAccount}: the phone belongs to an account, whose owner is then the
	 * order's resident.
	 */
	public record BeneficiaryView(String name, String phone, boolean hasAccount) {
	}

	public record AppealView(Appeal.Status status, String reason, UUID appealedBy, Instant appealedAt,
			@Schema(nullable = true) String decisionNote, @Schema(nullable = true) UUID decidedBy,
			@Schema(nullable = true) Instant decidedAt) {
	}

	public record HoursView(UUID volunteerId, BigDecimal hours) {
	}

	public record HistoryView(OrderStatus status, OrderAction action, Instant at, UUID actorId, UUID teamId,
			String note) {
	}

	/**
	 * The order as read by someone who may ({@code showContact}) or may not call on the
	 * resident, with the level its 督办 has reached ({@code null} when it is not overdue).
	 */
	public static OrderView of(ServiceOrder order, boolean showContact, OverdueEscalation.Level escalationLevel) {
		ServiceOrder.Snapshot s = order.snapshot();
		List<EvaluationView> evaluations = new ArrayList<>();
		for (Evaluation e : new Evaluation[] { s.residentEvaluation(), s.staffEvaluation() }) {
			if (e != null) {
				boolean onBehalf = e.by() == Evaluation.Evaluator.RESIDENT && s.beneficiary() != null
						&& s.beneficiary().placedBy().equals(e.evaluatorId());
				evaluations.add(new EvaluationView(e.by(), e.rating(), e.comment(), e.at(), onBehalf));
			}
		}
		List<HoursView> hours = order.approvedHoursPerVolunteer()
			.entrySet()
			.stream()
			.map(e -> new HoursView(e.getKey(), e.getValue()))
			.toList();
		List<HistoryView> history = s.history()
			.stream()
			.map(h -> new HistoryView(h.status(), h.action(), h.at(), h.actorId(), h.teamId(), h.note()))
			.toList();
		return new OrderView(s.id(), s.residentId(), s.category(), s.title(), s.description(), s.stationId(),
				showContact ? s.address() : maskAddress(s.address()),
				showContact ? s.contactPhone() : mask(s.contactPhone()), s.preferredTime(), s.status(), s.teamId(),
				s.acceptDeadline(), s.dueAt(), s.overdue(), escalationLevel, s.volunteerIds(), evaluations,
				s.finalRating(), s.summary(), hours, history, s.createdAt(), s.updatedAt(),
				s.beneficiary() == null ? null : s.beneficiary().placedBy(), beneficiary(s.beneficiary(), showContact),
				appeal(s.appeal()), order.checkIns(), List.of());
	}

	private static BeneficiaryView beneficiary(Beneficiary b, boolean showContact) {
		return b == null ? null
				: new BeneficiaryView(b.name(), showContact ? b.phone() : mask(b.phone()), b.hasAccount());
	}

	private static AppealView appeal(Appeal a) {
		return a == null ? null : new AppealView(a.status(), a.reason(), a.appealedBy(), a.appealedAt(),
				a.decisionNote(), a.decidedBy(), a.decidedAt());
	}

	/**
	 * Nothing of the street address is shown: the station already says where, roughly.
	 */
	static String maskAddress(String address) {
		return address == null ? null : "****";
	}

	/** {@code 13812340000} → {@code 138****0000}. */
	public static String mask(String phone) {
		if (phone == null || phone.length() < 7) {
			return "****";
		}
		return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
	}

}
