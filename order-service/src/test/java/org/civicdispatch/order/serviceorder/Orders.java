package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Object mother: orders in each status, with the people around them. */
final class Orders {

	static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

	static final Duration SLA = Duration.ofHours(72);

	static final Duration WINDOW = Duration.ofDays(7);

	final UUID resident = UUID.randomUUID();

	final UUID station = UUID.randomUUID();

	final UUID team = UUID.randomUUID();

	final UUID leader = UUID.randomUUID();

	final UUID volunteer = UUID.randomUUID();

	final UUID staff = UUID.randomUUID();

	ServiceOrder placed() {
		return ServiceOrder
			.place(UUID.randomUUID(),
					new ServiceOrder.Request(resident, "ELDERLY", "陪老人去医院", "周三上午", station, "平城区某小区 3 号楼",
							"13812340000", T0.plus(Duration.ofDays(1))),
					T0)
			.order();
	}

	ServiceOrder dispatched() {
		ServiceOrder order = placed();
		order.dispatch(team, T0.plus(Duration.ofMinutes(30)), null, T0);
		return order;
	}

	ServiceOrder accepted() {
		ServiceOrder order = dispatched();
		order.accept(leader, List.of(volunteer), List.of(leader, volunteer), SLA, T0.plusSeconds(60));
		return order;
	}

	ServiceOrder inService() {
		ServiceOrder order = accepted();
		order.start(volunteer, T0.plusSeconds(120));
		return order;
	}

	ServiceOrder completed() {
		ServiceOrder order = inService();
		order.complete(leader, "陪同就医完成", Map.of(volunteer, new BigDecimal("3.5")), T0.plusSeconds(3600));
		return order;
	}

	static Instant completedAt() {
		return T0.plusSeconds(3600);
	}

}
