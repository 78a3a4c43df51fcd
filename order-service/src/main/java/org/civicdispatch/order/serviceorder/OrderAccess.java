package org.civicdispatch.order.serviceorder;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.civicdispatch.order.team.Team;
import org.civicdispatch.order.team.TeamRepository;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.StaffScope;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Who a user is to an order: its resident, a leader or member of the team it is
 * dispatched to, an assigned volunteer, staff over its station (or ADMIN, by
 * {@link StaffScope}), or a member of a team that rejected it or let it time out (that
 * team keeps read access to its own record, without the phone and the address). Built
 * from the team and org read models.
 */
@Component
public class OrderAccess {

	private final TeamRepository teams;

	private final StaffScope staffScope;

	public OrderAccess(TeamRepository teams, StaffScope staffScope) {
		this.teams = teams;
		this.staffScope = staffScope;
	}

	/** The user with the teams it leads or belongs to. */
	public record Viewer(CurrentUser user, List<Team> teams) {

		public Set<UUID> teamIds() {
			return teams.stream().map(Team::id).collect(Collectors.toSet());
		}

		boolean leads(UUID teamId) {
			return teams.stream().anyMatch(t -> t.id().equals(teamId) && t.isLeader(user.id()));
		}

		boolean belongsTo(UUID teamId) {
			return teams.stream().anyMatch(t -> t.id().equals(teamId));
		}

	}

	/** {@code helper}: placed the order for someone else (帮办). */
	public record Relation(boolean resident, boolean leader, boolean member, boolean assigned, boolean staff,
			boolean formerTeam, boolean helper) {

		public boolean canRead() {
			return resident || member || staff || formerTeam || helper;
		}

		/**
		 * A team that no longer has the order may still read it, but neither call nor
		 * visit the resident.
		 */
		public boolean seesContact() {
			return resident || member || staff || helper;
		}

		/**
		 * Served on the order: assigned to it, or leading the team that carries it out
		 * (the leader reports the hours). Nobody reviews or rates work they took part in.
		 */
		public boolean servedOn() {
			return assigned || leader;
		}

	}

	public Mono<Viewer> viewer(CurrentUser user) {
		return teams.findByMember(user.id()).collectList().map(list -> new Viewer(user, list));
	}

	public Mono<Relation> relation(Viewer viewer, ServiceOrder order) {
		return staffScope.covers(viewer.user(), order.stationId()).map(staff -> {
			UUID me = viewer.user().id();
			UUID team = order.teamId();
			boolean member = team != null && viewer.belongsTo(team);
			boolean former = order.excludedTeamIds().stream().anyMatch(viewer::belongsTo);
			return new Relation(me.equals(order.residentId()), team != null && viewer.leads(team), member,
					member && order.isAssigned(me), staff, former,
					order.beneficiary() != null && me.equals(order.beneficiary().placedBy()));
		});
	}

	public Mono<Relation> relation(CurrentUser user, ServiceOrder order) {
		return viewer(user).flatMap(v -> relation(v, order));
	}

	/** The relation, or 403 when the user may not even read the order. */
	public Mono<Relation> readable(CurrentUser user, ServiceOrder order) {
		return relation(user, order).filter(Relation::canRead)
			.switchIfEmpty(Mono.error(() -> new ForbiddenException("无权查看此订单")));
	}

}
