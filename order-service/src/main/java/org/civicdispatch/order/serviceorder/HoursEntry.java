package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One volunteer's hours in a request: reported on completion or corrected in the staff
 * review.
 */
public record HoursEntry(UUID volunteerId, BigDecimal hours) {

	/**
	 * The entries by volunteer, in the request's order, so that the order's own checks
	 * can name the entry they reject as {@code field[i]}; an incomplete entry or a
	 * volunteer named twice is a 400.
	 */
	public static Map<UUID, BigDecimal> byVolunteer(String field, List<HoursEntry> entries) {
		Map<UUID, BigDecimal> result = new LinkedHashMap<>();
		if (entries == null) {
			return result;
		}
		for (int i = 0; i < entries.size(); i++) {
			HoursEntry entry = entries.get(i);
			String at = field + "[" + i + "]";
			if (entry == null || entry.volunteerId() == null) {
				throw new InvalidOrderInputException(at + ".volunteerId", "每条时长须有 volunteerId 和 hours");
			}
			if (entry.hours() == null) {
				throw new InvalidOrderInputException(at + ".hours", "每条时长须有 volunteerId 和 hours");
			}
			if (result.put(entry.volunteerId(), entry.hours()) != null) {
				throw new InvalidOrderInputException(at + ".volunteerId", "同一队员只能填写一条时长");
			}
		}
		return result;
	}

}
