package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.civicdispatch.order.serviceorder.Evaluation.Evaluator;

/**
 * A resident's service order (点单) and its state machine (DESIGN.md). Every transition
 * checks the status it starts from, changes the order and returns the domain events it
 * caused; a transition from the wrong status throws {@link IllegalTransitionException}.
 * Who may trigger a transition is decided by the caller, which knows the teams and the
 * org tree.
 */
public final class ServiceOrder {

	static final BigDecimal RESIDENT_WEIGHT = new BigDecimal("0.6");

	static final BigDecimal STAFF_WEIGHT = new BigDecimal("0.4");

	static final BigDecimal MAX_HOURS = new BigDecimal("24");

	/** Photos per order, the resident's and the team's together. */
	public static final int MAX_PHOTOS = 9;

	/**
	 * Hours are kept to the quarter of an hour and finer, but never beyond two decimals.
	 */
	static final int HOURS_SCALE = 2;

	/**
	 * How far ahead a resident may ask for a time: residents plan weeks ahead, not
	 * decades.
	 */
	static final Duration MAX_PREFERRED_AHEAD = Duration.ofDays(366);

	private final UUID id;

	private final UUID residentId;

	private final String category;

	private final String title;

	private final String description;

	private final UUID stationId;

	private final String address;

	private final String contactPhone;

	private final Instant preferredTime;

	private final Instant createdAt;

	private OrderStatus status;

	private UUID teamId;

	private Instant acceptDeadline;

	private Instant dueAt;

	private boolean overdue;

	private List<UUID> volunteerIds;

	private final Set<UUID> excludedTeamIds;

	private String summary;

	private Map<UUID, BigDecimal> reportedHours;

	private Map<UUID, BigDecimal> approvedHours;

	private Evaluation residentEvaluation;

	private Evaluation staffEvaluation;

	private BigDecimal finalRating;

	private Instant completedAt;

	private Instant acceptedAt;

	private Instant updatedAt;

	private final List<HistoryEntry> history;

	/**
	 * 帮办: who the order was placed for and by whom; {@code null} for an order placed for
	 * oneself.
	 */
	private final Beneficiary beneficiary;

	private Appeal appeal;

	/**
	 * How many history entries are stored already: the ones this order was restored with.
	 */
	private final int storedHistory;

	private ServiceOrder(Snapshot s) {
		this.id = Objects.requireNonNull(s.id());
		this.residentId = s.residentId();
		this.category = s.category();
		this.title = s.title();
		this.description = s.description();
		this.stationId = s.stationId();
		this.address = s.address();
		this.contactPhone = s.contactPhone();
		this.preferredTime = s.preferredTime();
		this.createdAt = s.createdAt();
		this.status = s.status();
		this.teamId = s.teamId();
		this.acceptDeadline = s.acceptDeadline();
		this.dueAt = s.dueAt();
		this.overdue = s.overdue();
		this.volunteerIds = List.copyOf(s.volunteerIds());
		this.excludedTeamIds = new LinkedHashSet<>(s.excludedTeamIds());
		this.summary = s.summary();
		this.reportedHours = new LinkedHashMap<>(s.reportedHours());
		this.approvedHours = new LinkedHashMap<>(s.approvedHours());
		this.residentEvaluation = s.residentEvaluation();
		this.staffEvaluation = s.staffEvaluation();
		this.finalRating = s.finalRating();
		this.completedAt = s.completedAt();
		this.acceptedAt = s.acceptedAt();
		this.updatedAt = s.updatedAt();
		this.history = new ArrayList<>(s.history());
		this.beneficiary = s.beneficiary();
		this.appeal = s.appeal();
		this.storedHistory = s.history().size();
	}

	/**
	 * What a resident asks for; validated against the catalogue and the org tree by the
	 * caller.
	 */
	public record Request(UUID residentId, String category, String title, String description, UUID stationId,
			String address, String contactPhone, Instant preferredTime) {
	}

	/** A new order and the events placing it caused. */
	public record Placement(ServiceOrder order, List<OrderChange> changes) {
	}

	public static Placement place(UUID id, Request request, Instant now) {
		return place(id, request, null, now);
	}

	/**
	 * 帮办 when {@code beneficiary} is given: the order is the neighbour's (their account
	 * is its resident) or, without an account, the helper's to follow on the neighbour's
	 * behalf; the history says who ordered for whom.
	 */
	public static Placement place(UUID id, Request request, Beneficiary beneficiary, Instant now) {
		if (request.preferredTime() != null && request.preferredTime().isBefore(now)) {
			throw new InvalidOrderInputException("preferredTime", "期望服务时间不能早于现在");
		}
		if (request.preferredTime() != null && request.preferredTime().isAfter(now.plus(MAX_PREFERRED_AHEAD))) {
			throw new InvalidOrderInputException("preferredTime", "期望服务时间须在一年之内");
		}
		UUID resident = beneficiary != null && beneficiary.hasAccount() ? beneficiary.userId() : request.residentId();
		ServiceOrder order = new ServiceOrder(new Snapshot(id, resident, request.category(), request.title(),
				request.description(), request.stationId(), request.address(), request.contactPhone(),
				request.preferredTime(), now, OrderStatus.PLACED, null, null, null, false, List.of(), Set.of(), null,
				Map.of(), Map.of(), null, null, null, null, null, now, List.of(), beneficiary, null));
		order.record(OrderAction.PLACED, now, request.residentId(),
				beneficiary == null ? null : "代 " + beneficiary.name() + " 下单");
		return new Placement(order, List.of(new OrderChange.Placed()));
	}

	public static ServiceOrder restore(Snapshot snapshot) {
		return new ServiceOrder(snapshot);
	}

	/**
	 * Offers the order to {@code team}. The automatic dispatcher
	 * ({@code actorId == null}) works on orders waiting for a team; staff may also move a
	 * dispatched order to another team.
	 */
	public List<OrderChange> dispatch(UUID team, Instant deadline, UUID actorId, Instant now) {
		boolean byHand = actorId != null;
		if (!(OrderStatus.AWAITING_TEAM.contains(status) || (byHand && status == OrderStatus.DISPATCHED))) {
			throw illegal("派单");
		}
		if (!byHand && excludedTeamIds.contains(team)) {
			throw new IllegalTransitionException("该服务队已退过此单，不再派给它");
		}
		if (status == OrderStatus.DISPATCHED && team.equals(teamId)) {
			throw new IllegalTransitionException("订单已派给该服务队");
		}
		status = OrderStatus.DISPATCHED;
		teamId = team;
		acceptDeadline = deadline;
		record(OrderAction.DISPATCHED, now, actorId, byHand ? "人工派单" : null);
		return List.of(new OrderChange.Dispatched(team, deadline, actorId));
	}

	/**
	 * No eligible team: the order waits on the staff board. Only a freshly placed or
	 * returned order becomes unassigned.
	 */
	public List<OrderChange> unassign(Instant now) {
		require(OrderStatus.PLACED, "转为待人工派单");
		status = OrderStatus.UNASSIGNED;
		record(OrderAction.UNASSIGNED, now, null, "暂无可接单的服务队");
		return List.of(new OrderChange.Unassigned());
	}

	/** 退单 by the dispatched team's leader; the team is never offered this order again. */
	public List<OrderChange> reject(UUID leaderId, String reason, Instant now) {
		require(OrderStatus.DISPATCHED, "退单");
		if (reason == null || reason.isBlank()) {
			throw new InvalidOrderInputException("reason", "退单理由不能为空");
		}
		return returnToPool(leaderId, reason.strip(), false, now);
	}

	/** The accept deadline passed without an answer; counts like a rejection. */
	public List<OrderChange> timeOut(Instant now) {
		require(OrderStatus.DISPATCHED, "超时退回");
		if (acceptDeadline == null || now.isBefore(acceptDeadline)) {
			throw new IllegalTransitionException("接单时限未到");
		}
		return returnToPool(null, "超过接单时限未接单", true, now);
	}

	private List<OrderChange> returnToPool(UUID actorId, String reason, boolean timedOut, Instant now) {
		UUID team = teamId;
		excludedTeamIds.add(team);
		status = OrderStatus.PLACED;
		teamId = null;
		acceptDeadline = null;
		record(timedOut ? OrderAction.TIMED_OUT : OrderAction.REJECTED, now, actorId, team, reason);
		return List.of(new OrderChange.Rejected(team, reason, timedOut));
	}

	/**
	 * 接单: the leader names the members who will go; the order is due within the
	 * category's SLA.
	 */
	public List<OrderChange> accept(UUID leaderId, List<UUID> volunteers, Collection<UUID> teamMembers, Duration sla,
			Instant now) {
		require(OrderStatus.DISPATCHED, "接单");
		if (acceptDeadline != null && now.isAfter(acceptDeadline)) {
			throw new IllegalTransitionException("已超过接单时限");
		}
		List<UUID> chosen = chooseVolunteers(volunteers, teamMembers);
		status = OrderStatus.ACCEPTED;
		volunteerIds = chosen;
		dueAt = now.plus(sla);
		acceptedAt = now;
		acceptDeadline = null;
		record(OrderAction.ACCEPTED, now, leaderId, null);
		return List.of(new OrderChange.Accepted(teamId, chosen, dueAt));
	}

	/**
	 * 抢单, and 认领 of a 微心愿: the leader of {@code team} takes a placed order straight to
	 * {@code ACCEPTED}, naming the members who will go ({@code note} says how, in the
	 * history). Whether the team may take it, and its capacity slot, are the caller's to
	 * check. Only one claim can succeed: every later one finds the order accepted
	 * already.
	 */
	public List<OrderChange> claim(UUID team, UUID leaderId, List<UUID> volunteers, Collection<UUID> teamMembers,
			Duration sla, String note, Instant now) {
		if (status != OrderStatus.PLACED) {
			throw new IllegalTransitionException("此单已被其他服务队抢到或已派出，不能再抢单");
		}
		if (excludedTeamIds.contains(team)) {
			throw new IllegalTransitionException("该服务队已退过此单，不能再抢单");
		}
		List<UUID> chosen = chooseVolunteers(volunteers, teamMembers);
		status = OrderStatus.ACCEPTED;
		teamId = team;
		volunteerIds = chosen;
		dueAt = now.plus(sla);
		acceptedAt = now;
		acceptDeadline = null;
		record(OrderAction.ACCEPTED, now, leaderId, note);
		return List.of(new OrderChange.Accepted(team, chosen, dueAt));
	}

	/**
	 * The members a leader names for an order: at least one, each a member of the team.
	 */
	private static List<UUID> chooseVolunteers(List<UUID> volunteers, Collection<UUID> teamMembers) {
		if (volunteers != null && volunteers.stream().anyMatch(Objects::isNull)) {
			throw new InvalidOrderInputException("volunteerIds", "队员编号不能为空");
		}
		List<UUID> chosen = volunteers == null ? List.of() : List.copyOf(new LinkedHashSet<>(volunteers));
		if (chosen.isEmpty()) {
			throw new InvalidOrderInputException("volunteerIds", "至少指派一名队员");
		}
		if (!teamMembers.containsAll(chosen)) {
			throw new InvalidOrderInputException("volunteerIds", "只能指派本队队员");
		}
		return chosen;
	}

	public List<OrderChange> start(UUID actorId, Instant now) {
		require(OrderStatus.ACCEPTED, "开始服务");
		status = OrderStatus.IN_SERVICE;
		record(OrderAction.STARTED, now, actorId, null);
		return List.of(new OrderChange.Started(teamId, actorId));
	}

	/**
	 * The leader reports the work done with the hours each assigned volunteer served (0 <
	 * h ≤ 24, at most two decimals).
	 */
	public List<OrderChange> complete(UUID leaderId, String workSummary, Map<UUID, BigDecimal> hours, Instant now) {
		require(OrderStatus.IN_SERVICE, "完成服务");
		if (workSummary == null || workSummary.isBlank()) {
			throw new InvalidOrderInputException("summary", "服务小结不能为空");
		}
		if (hours == null || hours.isEmpty()) {
			throw new InvalidOrderInputException("hours", "请填写服务时长");
		}
		Map<UUID, BigDecimal> checked = checkHours("hours", hours, false);
		CheckIn.checkHoursWithin(CheckIn.from(history), checked);
		status = OrderStatus.COMPLETED;
		summary = workSummary.strip();
		reportedHours = checked;
		completedAt = now;
		record(OrderAction.COMPLETED, now, leaderId, summary);
		return List.of(new OrderChange.Completed(teamId, summary, Map.copyOf(reportedHours)));
	}

	/** The resident's rating (1–5), once. Closes the order when staff has rated too. */
	public List<OrderChange> rateAsResident(UUID actorId, int rating, String comment, Instant now) {
		require(OrderStatus.COMPLETED, "评价");
		if (residentEvaluation != null) {
			throw new IllegalTransitionException("您已评价过此订单");
		}
		checkRating(rating);
		residentEvaluation = new Evaluation(Evaluator.RESIDENT, actorId, rating, blankToNull(comment), now);
		boolean onBehalf = beneficiary != null && actorId.equals(beneficiary.placedBy());
		String note = blankToNull(comment);
		record(OrderAction.RESIDENT_EVALUATED, now, actorId,
				onBehalf ? "代 " + beneficiary.name() + " 评价（代评）" + (note == null ? "" : "：" + note) : note);
		List<OrderChange> changes = new ArrayList<>();
		changes.add(new OrderChange.Rated(residentEvaluation));
		if (staffEvaluation != null) {
			changes.addAll(close(now));
		}
		return changes;
	}

	/**
	 * Staff review (1–5), once, optionally correcting hours (0 ≤ h ≤ 24, at most two
	 * decimals, assigned volunteers only). Closes the order when the resident has rated,
	 * or on its own when the resident's window since completion has passed.
	 */
	public List<OrderChange> rateAsStaff(UUID actorId, int rating, String comment, Map<UUID, BigDecimal> corrections,
			Duration residentWindow, Instant now) {
		require(OrderStatus.COMPLETED, "审核评价");
		if (staffEvaluation != null) {
			throw new IllegalTransitionException("工作人员已评价过此订单");
		}
		checkRating(rating);
		Map<UUID, BigDecimal> corrected = checkHours("approvedHours", corrections == null ? Map.of() : corrections,
				true);
		staffEvaluation = new Evaluation(Evaluator.STAFF, actorId, rating, blankToNull(comment), now);
		approvedHours = corrected;
		record(OrderAction.STAFF_EVALUATED, now, actorId, comment);
		List<OrderChange> changes = new ArrayList<>();
		changes.add(new OrderChange.Rated(staffEvaluation));
		if (residentEvaluation != null || residentWindowPassed(residentWindow, now)) {
			changes.addAll(close(now));
		}
		return changes;
	}

	/** Staff review alone closes the order once the resident has let the window pass. */
	public List<OrderChange> finaliseWithoutResident(Duration residentWindow, Instant now) {
		require(OrderStatus.COMPLETED, "结单");
		if (!canCloseWithoutResident(residentWindow, now)) {
			throw new IllegalTransitionException("尚不能仅凭工作人员评价结单");
		}
		return close(now);
	}

	/**
	 * Completed, reviewed by staff, not rated by the resident, and the resident's window
	 * has passed.
	 */
	public boolean canCloseWithoutResident(Duration residentWindow, Instant now) {
		return status == OrderStatus.COMPLETED && staffEvaluation != null && residentEvaluation == null
				&& residentWindowPassed(residentWindow, now);
	}

	public boolean residentWindowPassed(Duration residentWindow, Instant now) {
		return completedAt != null && !now.isBefore(completedAt.plus(residentWindow));
	}

	private List<OrderChange> close(Instant now) {
		finalRating = finalRating(residentEvaluation, staffEvaluation);
		status = OrderStatus.EVALUATED;
		record(OrderAction.EVALUATED, now, null, "综合评分 " + finalRating.toPlainString());
		return List.of(new OrderChange.Evaluated(teamId, finalRating, approvedHoursPerVolunteer()));
	}

	/** 0.6 × resident + 0.4 × staff, or the staff rating alone; two decimals. */
	static BigDecimal finalRating(Evaluation resident, Evaluation staff) {
		BigDecimal staffPart = BigDecimal.valueOf(staff.rating());
		BigDecimal rating = resident == null ? staffPart
				: RESIDENT_WEIGHT.multiply(BigDecimal.valueOf(resident.rating())).add(STAFF_WEIGHT.multiply(staffPart));
		return rating.setScale(2, RoundingMode.HALF_UP);
	}

	/** Reported hours, with staff corrections taking precedence. */
	public Map<UUID, BigDecimal> approvedHoursPerVolunteer() {
		Map<UUID, BigDecimal> result = new LinkedHashMap<>(reportedHours);
		result.putAll(approvedHours);
		return result;
	}

	public List<OrderChange> cancel(UUID actorId, String reason, Instant now) {
		if (!OrderStatus.CANCELLABLE.contains(status)) {
			throw illegal("取消");
		}
		UUID team = status == OrderStatus.DISPATCHED ? teamId : null;
		status = OrderStatus.CANCELLED;
		acceptDeadline = null;
		String why = blankToNull(reason);
		record(OrderAction.CANCELLED, now, actorId, team, why);
		return List.of(new OrderChange.Cancelled(team, actorId, why));
	}

	/** 督办: raised once when an accepted order passes its due time unfinished. */
	public List<OrderChange> markOverdue(Instant now) {
		if (!isPastDue(now)) {
			throw new IllegalTransitionException("订单未超时或已督办");
		}
		overdue = true;
		record(OrderAction.OVERDUE, now, null, "超过办结时限");
		return List.of(new OrderChange.Overdue(teamId, dueAt));
	}

	/**
	 * 督办: staff urge the team that holds the order (dispatched to it, accepted or under
	 * way) to get on with it. The status stays; the history and the team hear of it.
	 */
	public List<OrderChange> urge(UUID actorId, String note, Instant now) {
		if (!OrderStatus.OPEN.contains(status)) {
			throw new IllegalTransitionException("订单当前状态为 " + status + "，只能督办已派单、已接单或服务中的订单");
		}
		if (note == null || note.isBlank()) {
			throw new InvalidOrderInputException("note", "督办意见不能为空");
		}
		record(OrderAction.URGED, now, actorId, note);
		return List.of(new OrderChange.Urged(teamId, actorId, note.strip(), now));
	}

	/**
	 * 申诉: the resident appeals the evaluation, once, within {@code window} of the order
	 * being evaluated.
	 */
	public List<OrderChange> appeal(UUID actorId, String reason, Duration window, Instant now) {
		require(OrderStatus.EVALUATED, "申诉");
		if (appeal != null) {
			throw new IllegalTransitionException("此订单已申诉过，每个订单只能申诉一次");
		}
		if (reason == null || reason.isBlank()) {
			throw new InvalidOrderInputException("reason", "申诉理由不能为空");
		}
		Instant evaluated = evaluatedAt();
		if (evaluated == null || now.isAfter(evaluated.plus(window))) {
			throw new IllegalTransitionException("已超过申诉期限：评单后 " + window.toDays() + " 天内可以申诉");
		}
		appeal = new Appeal(Appeal.Status.OPEN, reason.strip(), actorId, now, null, null, null);
		record(OrderAction.APPEALED, now, actorId, reason);
		return List.of(new OrderChange.Appealed(teamId, actorId, appeal.reason(), now));
	}

	/**
	 * Staff decide an open appeal. Upheld, the staff rating may be replaced and hours
	 * corrected (as in the staff review); the final rating is computed again and the
	 * change carries the revised figures.
	 */
	public List<OrderChange> decideAppeal(UUID staffId, boolean upheld, String note, Integer staffRating,
			Map<UUID, BigDecimal> corrections, Instant now) {
		if (appeal == null) {
			throw new IllegalTransitionException("此订单没有申诉");
		}
		if (appeal.status() != Appeal.Status.OPEN) {
			throw new IllegalTransitionException("此申诉已处理");
		}
		if (note == null || note.isBlank()) {
			throw new InvalidOrderInputException("note", "请填写处理意见");
		}
		boolean revises = staffRating != null || (corrections != null && !corrections.isEmpty());
		if (!upheld && revises) {
			throw new InvalidOrderInputException("upheld", "驳回申诉时不能修改评分或时长");
		}
		String why = note.strip();
		if (upheld) {
			if (staffRating != null) {
				checkRating(staffRating);
			}
			Map<UUID, BigDecimal> corrected = checkHours("approvedHours", corrections == null ? Map.of() : corrections,
					true);
			if (staffRating != null) {
				staffEvaluation = new Evaluation(Evaluator.STAFF, staffId, staffRating, why, now);
			}
			approvedHours.putAll(corrected);
			finalRating = finalRating(residentEvaluation, staffEvaluation);
		}
		appeal = appeal.decided(upheld, why, staffId, now);
		record(upheld ? OrderAction.APPEAL_UPHELD : OrderAction.APPEAL_DISMISSED, now, staffId,
				upheld ? "申诉成立，综合评分 " + finalRating.toPlainString() + "：" + why : "申诉驳回：" + why);
		return List.of(new OrderChange.AppealDecided(teamId, upheld, finalRating, approvedHoursPerVolunteer(), staffId,
				why, evaluatedAt()));
	}

	/** When the order was first evaluated (its history says), or {@code null}. */
	public Instant evaluatedAt() {
		return history.stream()
			.filter(h -> h.action() == OrderAction.EVALUATED)
			.map(HistoryEntry::at)
			.findFirst()
			.orElse(null);
	}

	/**
	 * 签到 / 签退 by an assigned volunteer, with a code the caller has checked: while the
	 * order is accepted or under way, in then out, never out before in or in twice in a
	 * row (409).
	 */
	public List<OrderChange> checkIn(UUID volunteerId, CheckIn.Type type, Instant now) {
		if (status != OrderStatus.ACCEPTED && status != OrderStatus.IN_SERVICE) {
			throw illegal(type == CheckIn.Type.IN ? "签到" : "签退");
		}
		if (!isAssigned(volunteerId)) {
			throw new IllegalTransitionException("只有已指派的队员可以签到");
		}
		CheckIn.Type last = CheckIn.lastOf(CheckIn.from(history), volunteerId);
		if (type == CheckIn.Type.IN && last == CheckIn.Type.IN) {
			throw new IllegalTransitionException("您已签到，请在服务结束时签退");
		}
		if (type == CheckIn.Type.OUT && last != CheckIn.Type.IN) {
			throw new IllegalTransitionException("您尚未签到，不能签退");
		}
		record(type == CheckIn.Type.IN ? OrderAction.CHECKED_IN : OrderAction.CHECKED_OUT, now, volunteerId, null);
		return List.of(new OrderChange.CheckedIn(volunteerId, type, now));
	}

	/** Check-ins and check-outs, oldest first. */
	public List<CheckIn> checkIns() {
		return CheckIn.from(history);
	}

	/**
	 * A photo joins the order: the resident's while the order is unfinished, the team's
	 * (an assigned volunteer or the leader) while under way or at completion;
	 * {@code existing} photos so far, at most {@link #MAX_PHOTOS}.
	 */
	public List<OrderChange> addPhoto(UUID photoId, UUID by, boolean byResident, int existing, Instant now) {
		boolean open = byResident ? OrderStatus.UNFINISHED.contains(status)
				: status == OrderStatus.IN_SERVICE || status == OrderStatus.COMPLETED;
		if (!open) {
			throw illegal("上传照片");
		}
		if (existing >= MAX_PHOTOS) {
			throw new IllegalTransitionException("每个订单最多 " + MAX_PHOTOS + " 张照片");
		}
		record(OrderAction.PHOTO_ADDED, now, by, null);
		return List.of(new OrderChange.PhotoAdded(photoId, by));
	}

	/** Accepted or under way, past its due time, and not flagged yet. */
	public boolean isPastDue(Instant now) {
		return (status == OrderStatus.ACCEPTED || status == OrderStatus.IN_SERVICE) && !overdue && dueAt != null
				&& !now.isBefore(dueAt);
	}

	/**
	 * Checks hours given in the request's order ({@code field[i]} names the i-th entry)
	 * and returns them in their shortest form, so that what is stored reads back as it
	 * was meant.
	 */
	private Map<UUID, BigDecimal> checkHours(String field, Map<UUID, BigDecimal> hours, boolean zeroAllowed) {
		Map<UUID, BigDecimal> checked = new LinkedHashMap<>();
		int i = 0;
		for (Map.Entry<UUID, BigDecimal> entry : hours.entrySet()) {
			String at = field + "[" + i++ + "]";
			if (!volunteerIds.contains(entry.getKey())) {
				throw new InvalidOrderInputException(at + ".volunteerId", "只能为已指派的队员填写时长");
			}
			BigDecimal h = entry.getValue();
			boolean tooLow = h == null || (zeroAllowed ? h.signum() < 0 : h.signum() <= 0);
			if (tooLow || h.compareTo(MAX_HOURS) > 0) {
				throw new InvalidOrderInputException(at + ".hours",
						zeroAllowed ? "时长须在 0 到 24 小时之间" : "时长须大于 0 且不超过 24 小时");
			}
			BigDecimal shortest = shortest(h);
			if (shortest.scale() > HOURS_SCALE) {
				throw new InvalidOrderInputException(at + ".hours", "时长最多保留两位小数");
			}
			checked.put(entry.getKey(), shortest);
		}
		return checked;
	}

	/** {@code 2.50} → {@code 2.5}, {@code 20} stays {@code 20} (not {@code 2E+1}). */
	static BigDecimal shortest(BigDecimal hours) {
		BigDecimal stripped = hours.stripTrailingZeros();
		return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
	}

	private static void checkRating(int rating) {
		if (rating < 1 || rating > 5) {
			throw new InvalidOrderInputException("rating", "评分须为 1 到 5");
		}
	}

	private void require(OrderStatus expected, String what) {
		if (status != expected) {
			throw illegal(what);
		}
	}

	private IllegalTransitionException illegal(String what) {
		return new IllegalTransitionException("订单当前状态为 " + status + "，不能" + what);
	}

	/**
	 * Records an action concerning the order's current team (none while it waits for
	 * one).
	 */
	private void record(OrderAction action, Instant now, UUID actorId, String note) {
		record(action, now, actorId, teamId, note);
	}

	private void record(OrderAction action, Instant now, UUID actorId, UUID team, String note) {
		history.add(new HistoryEntry(status, action, now, actorId, team, blankToNull(note)));
		updatedAt = now;
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.strip();
	}

	/** True when {@code userId} is one of the volunteers the leader assigned. */
	public boolean isAssigned(UUID userId) {
		return volunteerIds.contains(userId);
	}

	/** The team holding one of its capacity slots for this order, if any. */
	public UUID occupiedTeam() {
		return status.occupiesTeam() ? teamId : null;
	}

	public UUID id() {
		return id;
	}

	public UUID residentId() {
		return residentId;
	}

	public String category() {
		return category;
	}

	public UUID stationId() {
		return stationId;
	}

	public OrderStatus status() {
		return status;
	}

	public Instant createdAt() {
		return createdAt;
	}

	/** When the last change happened. */
	public Instant updatedAt() {
		return updatedAt;
	}

	public UUID teamId() {
		return teamId;
	}

	public Instant acceptDeadline() {
		return acceptDeadline;
	}

	public Instant dueAt() {
		return dueAt;
	}

	public Set<UUID> excludedTeamIds() {
		return Set.copyOf(excludedTeamIds);
	}

	public Evaluation residentEvaluation() {
		return residentEvaluation;
	}

	public Evaluation staffEvaluation() {
		return staffEvaluation;
	}

	public BigDecimal finalRating() {
		return finalRating;
	}

	public Beneficiary beneficiary() {
		return beneficiary;
	}

	public Appeal appeal() {
		return appeal;
	}

	public List<HistoryEntry> history() {
		return List.copyOf(history);
	}

	/**
	 * The number of history entries already stored; the ones after them are new since the
	 * order was loaded.
	 */
	int storedHistorySize() {
		return storedHistory;
	}

	public Snapshot snapshot() {
		return new Snapshot(id, residentId, category, title, description, stationId, address, contactPhone,
				preferredTime, createdAt, status, teamId, acceptDeadline, dueAt, overdue, volunteerIds,
				Set.copyOf(excludedTeamIds), summary, Map.copyOf(reportedHours), Map.copyOf(approvedHours),
				residentEvaluation, staffEvaluation, finalRating, completedAt, acceptedAt, updatedAt,
				List.copyOf(history), beneficiary, appeal);
	}

	/** The whole state, for storage and for reading. */
	public record Snapshot(UUID id, UUID residentId, String category, String title, String description, UUID stationId,
			String address, String contactPhone, Instant preferredTime, Instant createdAt, OrderStatus status,
			UUID teamId, Instant acceptDeadline, Instant dueAt, boolean overdue, List<UUID> volunteerIds,
			Set<UUID> excludedTeamIds, String summary, Map<UUID, BigDecimal> reportedHours,
			Map<UUID, BigDecimal> approvedHours, Evaluation residentEvaluation, Evaluation staffEvaluation,
			BigDecimal finalRating, Instant completedAt, Instant acceptedAt, Instant updatedAt,
			List<HistoryEntry> history, Beneficiary beneficiary, Appeal appeal) {

		public Snapshot with(List<HistoryEntry> entries) {
			return new Snapshot(id, residentId, category, title, description, stationId, address, contactPhone,
					preferredTime, createdAt, status, teamId, acceptDeadline, dueAt, overdue, volunteerIds,
					excludedTeamIds, summary, reportedHours, approvedHours, residentEvaluation, staffEvaluation,
					finalRating, completedAt, acceptedAt, updatedAt, entries, beneficiary, appeal);
		}

	}

}
