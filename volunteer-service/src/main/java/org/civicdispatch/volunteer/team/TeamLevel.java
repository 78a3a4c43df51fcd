package org.civicdispatch.volunteer.team;

/** 总队 / 中队 / 分队, from the top down; a parent team is always of a higher level. */
enum TeamLevel {

	CORPS, SQUADRON, DETACHMENT;

	boolean isAbove(TeamLevel other) {
		return ordinal() < other.ordinal();
	}

}
