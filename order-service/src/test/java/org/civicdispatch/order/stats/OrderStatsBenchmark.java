package org.civicdispatch.order.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.order.OrderWorld;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Not a test: a benchmark of {@code GET /api/stats/orders} and the export at a district's
 * three years (DESIGN.md: 1 centre, 18 institutes, 203 stations, 300,000 orders). It
 * writes the orders straight into order-service's own (test) database, in one statement
 * whose commit brings the statistics' read model up to date through its triggers as any
 * change of an order does, and prints the latency of each call and the plans of the
 * statistics' statements; it asserts nothing about time. Its name keeps it out of
 * {@code verify}; run it with <pre>
 * ./mvnw -B verify -pl order-service -am -Dtest=OrderStatsBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.sweep.enabled=false" })
@WithRealInfra
class OrderStatsBenchmark {

	static final int ORDERS = Integer.getInteger("bench.orders", 300_000);

	/**
	 * {@code -Dbench.exports=false} measures the statistics only (the exports take
	 * minutes).
	 */
	static final boolean EXPORTS = Boolean.parseBoolean(System.getProperty("bench.exports", "true"));

	/**
	 * Calls of each statistics measurement: the first warms up, the median and 90th
	 * percentile are of the rest.
	 */
	static final int STATS_RUNS = 21;

	/** An export takes seconds: fewer calls. */
	static final int EXPORT_RUNS = 7;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Autowired
	TransactionalOperator tx;

	@Test
	void statsAtThreeHundredThousandOrders() {
		UUID centre = UUID.randomUUID();
		List<UUID> institutes = new ArrayList<>();
		List<UUID> stations = new ArrayList<>();
		unit(centre, "平城区新时代文明实践中心", "CENTRE", null, List.of());
		for (int i = 0; i < 18; i++) {
			UUID institute = UUID.randomUUID();
			institutes.add(institute);
			unit(institute, "第" + (i + 1) + "实践所", "INSTITUTE", centre, List.of(centre));
		}
		for (int s = 0; s < 203; s++) {
			UUID station = UUID.randomUUID();
			stations.add(station);
			UUID institute = institutes.get(s % 18);
			unit(station, "第" + (s + 1) + "实践站", "STATION", institute, List.of(centre, institute));
		}
		long started = System.nanoTime();
		// three years from 2023-01-01 (Beijing), an order every 315 s; a status mix of a
		// working district
		db.sql("""
				INSERT INTO service_order (id, resident_id, category, title, description, station_id, address,
				    contact_phone, status, accepted_at, due_at, completed_at, final_rating, reported_hours,
				    approved_hours, overdue, created_at, updated_at)
				SELECT gen_random_uuid(), gen_random_uuid(),
				       (ARRAY['THEORY','POLICY','ETHICS','CULTURE','LAW','SCIENCE','HEALTH','ELDERLY','HOUSEKEEPING',
				              'ENVIRONMENT'])[1 + g %% 10],
				       '请帮忙：家中老人需要上门服务 ' || g, '老人独居，行动不便，希望志愿者每周上门一次，帮忙打扫卫生和采买生活用品。',
				       (:stations)[1 + g %% 203], '北关社区 3 号楼 2 单元 501 室', '13812340000', x.status,
				       CASE WHEN x.status IN ('ACCEPTED','IN_SERVICE','COMPLETED','EVALUATED')
				            THEN x.created + make_interval(mins => 5 + g %% 90) END,
				       CASE WHEN x.status IN ('ACCEPTED','IN_SERVICE','COMPLETED','EVALUATED')
				            THEN x.created + make_interval(mins => 5 + g %% 90) + interval '72 hours' END,
				       CASE WHEN x.status IN ('COMPLETED','EVALUATED') THEN x.created + make_interval(hours => 1 + g %% 100) END,
				       CASE WHEN x.status = 'EVALUATED' THEN 3 + (g %% 5) * 0.5 END,
				       CASE WHEN x.status IN ('COMPLETED','EVALUATED')
				            THEN jsonb_build_object(gen_random_uuid()::text, 1 + g %% 4, gen_random_uuid()::text, 2) ELSE '{}' END,
				       CASE WHEN x.status = 'EVALUATED' AND g %% 7 = 0 THEN jsonb_build_object(gen_random_uuid()::text, 1.5)
				            ELSE '{}' END,
				       false, x.created, x.created
				FROM generate_series(1, :orders) g
				CROSS JOIN LATERAL (SELECT timestamptz '2023-01-01 00:00+08' + make_interval(secs => g * 315) AS created,
				    (ARRAY['CANCELLED','PLACED','ACCEPTED','IN_SERVICE','COMPLETED','COMPLETED','EVALUATED','EVALUATED',
				           'EVALUATED','EVALUATED','EVALUATED','EVALUATED','EVALUATED','EVALUATED','EVALUATED','EVALUATED',
				           'EVALUATED','EVALUATED','EVALUATED','EVALUATED'])[1 + (g * 7) %% 20] AS status) x"""
			.replace("%%", "%")).bind("stations", stations.toArray(UUID[]::new)).bind("orders", ORDERS).then().block();
		// the test database commits without waiting for the log (synchronous_commit off):
		// until the load's
		// commit is written, VACUUM cannot tell its rows are visible to everyone, and
		// would leave the
		// visibility map empty (every index-only scan then reads the table too)
		db.sql("CHECKPOINT").then().block();
		db.sql("VACUUM ANALYZE service_order").then().block();
		// as autovacuum would in a while: the read model's rows were rewritten once per
		// order at the commit
		db.sql("VACUUM ANALYZE order_stats_day").then().block();
		db.sql("VACUUM ANALYZE order_stats_day_category").then().block();
		db.sql("ANALYZE org_unit").then().block();
		db.sql("""
				SELECT relname, relpages, relallvisible FROM pg_class
				WHERE relname IN ('service_order', 'order_stats_day', 'order_stats_day_category')""")
			.map(row -> String.format("[bench] %s: %d pages, %d all-visible", row.get(0, String.class),
					row.get(1, Integer.class), row.get(2, Integer.class)))
			.all()
			.doOnNext(System.out::println)
			.blockLast();
		System.out.printf("%n[bench] %,d orders written in %d ms%n", ORDERS, (System.nanoTime() - started) / 1_000_000);

		WebTestClient http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofMinutes(2))
			.build();
		String admin = OrderWorld.admin().token();
		measure(http, admin, STATS_RUNS, "stats, centre, 3 years",
				"/api/stats/orders?orgUnitId=" + centre + "&from=2023-01-01&to=2026-01-01");
		explain(centre);
		measure(http, admin, STATS_RUNS, "stats, centre, 1 month",
				"/api/stats/orders?orgUnitId=" + centre + "&from=2025-05-01&to=2025-06-01");
		measure(http, admin, STATS_RUNS, "stats, institute, 1 year",
				"/api/stats/orders?orgUnitId=" + institutes.get(0) + "&from=2025-01-01&to=2026-01-01");
		measure(http, admin, STATS_RUNS, "stats, station, 3 years",
				"/api/stats/orders?orgUnitId=" + stations.get(0) + "&from=2023-01-01&to=2026-01-01");
		if (!EXPORTS) {
			return;
		}
		measure(http, admin, EXPORT_RUNS, "export csv, centre, 1 year (~100,000 rows)",
				"/api/orders/export?orgUnitId=" + centre + "&from=2025-01-01&to=2026-01-01&format=csv");
		measure(http, admin, EXPORT_RUNS, "export xlsx, centre, 1 year (~100,000 rows)",
				"/api/orders/export?orgUnitId=" + centre + "&from=2025-01-01&to=2026-01-01&format=xlsx");
	}

	/**
	 * Where the time of the centre's three years goes, as PostgreSQL sees it, in the
	 * snapshot OrderStats reads.
	 */
	private void explain(UUID centre) {
		var from = java.time.LocalDate.parse("2023-01-01");
		var to = java.time.LocalDate.parse("2026-01-01");
		Flux<String> plans = Flux
			.just(OrderStats.DAYS, OrderStats.CATEGORIES, OrderStats.CHILDREN, OrderStats.OVERDUE_NOW,
					OrderStats.PERCENTILES)
			.concatMap(sql -> {
				var spec = db.sql("EXPLAIN (ANALYZE, BUFFERS) " + sql).bind("unit", centre);
				spec = sql.contains(":from") ? spec.bind("from", from).bind("to", to) : spec;
				spec = sql.contains(":start") ? spec.bind("start", java.time.Instant.parse("2022-12-31T16:00:00Z"))
					.bind("end", java.time.Instant.parse("2025-12-31T16:00:00Z"))
					.bind("now", java.time.Instant.now()) : spec;
				return Flux.concat(Flux.just("plan of " + sql.lines().findFirst().orElseThrow().strip() + " ..."),
						spec.map(row -> "  " + row.get(0, String.class)).all());
			});
		tx.transactional(db.sql(OrderStats.SNAPSHOT).then().then(db.sql(OrderStats.ZONE).then()).thenMany(plans))
			.doOnNext(line -> System.out.println("[bench]   " + line))
			.blockLast();
	}

	private void unit(UUID id, String name, String level, UUID parent, List<UUID> ancestors) {
		db.sql("INSERT INTO org_unit (id, name, level, parent_id, ancestor_ids) VALUES (:id, :name, :level, :parent, :ancestors)")
			.bind("id", id)
			.bind("name", name)
			.bind("level", level)
			.bind("parent", org.springframework.r2dbc.core.Parameter.fromOrEmpty(parent, UUID.class))
			.bind("ancestors", ancestors.toArray(UUID[]::new))
			.then()
			.block();
	}

	/**
	 * The first call warms up; the median, 90th percentile and worst of the rest are
	 * printed.
	 */
	private static void measure(WebTestClient http, String token, int runs, String what, String uri) {
		long[] millis = new long[runs];
		long bytes = 0;
		for (int i = 0; i < runs; i++) {
			long t = System.nanoTime();
			// read as it streams, the way a browser saves a download
			bytes = http.get()
				.uri(uri)
				.headers(h -> h.setBearerAuth(token))
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(DataBuffer.class)
				.getResponseBody()
				.map(buffer -> {
					long n = buffer.readableByteCount();
					DataBufferUtils.release(buffer);
					return n;
				})
				.reduce(0L, Long::sum)
				.block(Duration.ofMinutes(2));
			millis[i] = (System.nanoTime() - t) / 1_000_000;
		}
		long first = millis[0];
		long[] warm = Arrays.copyOfRange(millis, 1, runs);
		Arrays.sort(warm);
		System.out.printf("[bench] %-45s first %5d ms, median %5d ms, p90 %5d ms, max %5d ms (%,d bytes)%n", what,
				first, warm[warm.length / 2], warm[(int) Math.ceil(warm.length * 0.9) - 1], warm[warm.length - 1],
				bytes);
	}

}
