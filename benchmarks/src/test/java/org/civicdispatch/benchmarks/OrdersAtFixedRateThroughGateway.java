package org.civicdispatch.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

/**
 * Orders placed through the gateway at a fixed offered load (200/s by default), for latency
 * percentiles; afterwards a sample of those orders is read back to measure how long the
 * platform took from PLACED to DISPATCHED.
 */
public class OrdersAtFixedRateThroughGateway extends Simulation {

	private static final int SAMPLE = 400;

	private final Fixture fixture = Fixture.get();

	private final Queue<String> placed = Scenarios.newQueue();

	{
		setUp(Scenarios.placeOrder("place order via gateway at fixed rate", this.fixture, "ELDERLY", this.placed)
			.injectOpen(constantUsersPerSec(Load.RATE).during(Load.SECONDS))
			.protocols(Scenarios.protocol(Fixture.GATEWAY)));
	}

	@Override
	public void after() {
		List<String> ids = new ArrayList<>(this.placed);
		List<Long> millis = new ArrayList<>();
		int step = Math.max(1, ids.size() / SAMPLE);
		int undispatched = 0;
		ObjectMapper json = new ObjectMapper();
		for (int i = 0; i < ids.size(); i += step) {
			Long latency = null;
			for (int attempt = 0; attempt < 20 && latency == null; attempt++) {
				latency = placedToDispatched(json, ids.get(i));
				if (latency == null) {
					Fixture.sleep(500);
				}
			}
			if (latency == null) {
				undispatched++;
			}
			else {
				millis.add(latency);
			}
		}
		Collections.sort(millis);
		String line = String.format("placed->dispatched: %d orders sampled (%d not dispatched), p50 %d ms, p99 %d ms, max %d ms",
				millis.size(), undispatched, percentile(millis, 50), percentile(millis, 99),
				millis.isEmpty() ? -1 : millis.get(millis.size() - 1));
		System.out.println(line);
	}

	private Long placedToDispatched(ObjectMapper json, String orderId) {
		try {
			return readPlacedToDispatched(json, orderId);
		}
		catch (RuntimeException ex) {
			// e.g. a 503 while the platform is still busy: try again later
			return null;
		}
	}

	private Long readPlacedToDispatched(ObjectMapper json, String orderId) {
		try {
			JsonNode order = json.readTree(Fixture.get("/api/orders/" + orderId, this.fixture.adminToken));
			OffsetDateTime placedAt = null;
			OffsetDateTime dispatchedAt = null;
			for (JsonNode entry : order.path("history")) {
				String status = entry.path("status").asText();
				OffsetDateTime at = OffsetDateTime.parse(entry.path("at").asText());
				if (status.equals("PLACED") && placedAt == null) {
					placedAt = at;
				}
				if (status.equals("DISPATCHED") && dispatchedAt == null) {
					dispatchedAt = at;
				}
			}
			if (placedAt == null || dispatchedAt == null) {
				return null;
			}
			return Duration.between(placedAt, dispatchedAt).toMillis();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long percentile(List<Long> sorted, int p) {
		if (sorted.isEmpty()) {
			return -1;
		}
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

}
