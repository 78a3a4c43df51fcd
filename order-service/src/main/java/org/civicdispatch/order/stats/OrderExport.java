package org.civicdispatch.order.stats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.civicdispatch.web.OrgUnit;
import org.civicdispatch.web.StatsPeriod;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The order export (订单明细): one row per order placed in the period under the unit, oldest
 * first, streamed as it is read: pages of {@link #FETCH} orders (keyset paging, each page
 * a query read whole) leave as CSV lines or as XLSX sheet data flushed after each page,
 * so that a year of a district never sits in memory at once. No cursor and no stream of
 * rows: a client that hangs up mid-file must give its connection back at once
 * (HangUpIntegrationTests).
 */
@Component
class OrderExport {

	static final int FETCH = 500;

	static final List<String> HEADERS = List.of("订单编号", "服务类别", "标题", "实践站", "状态", "下单时间", "接单时间", "完成时间", "限时办结时间",
			"是否超时", "服务队", "评分", "服务时长（小时）");

	static final Map<String, String> STATUS = Map.of("PLACED", "已下单", "DISPATCHED", "已派单", "UNASSIGNED", "待人工派单",
			"ACCEPTED", "已接单", "IN_SERVICE", "服务中", "COMPLETED", "已完成", "EVALUATED", "已评价", "CANCELLED", "已取消");

	/**
	 * In the order of {@code service_order_created}, so rows leave as they are read,
	 * without a sort.
	 */
	private static final String ROWS = """
			SELECT o.id, coalesce(c.name, o.category) AS category, o.title, coalesce(s.name, '') AS station, o.status,
			       o.created_at, o.accepted_at, o.completed_at, o.due_at,
			       o.overdue OR (o.due_at IS NOT NULL AND (o.completed_at > o.due_at
			           OR (o.completed_at IS NULL AND o.status IN ('ACCEPTED', 'IN_SERVICE') AND o.due_at <= :now)))
			           AS overdue,
			       t.name AS team, o.final_rating,
			       CASE WHEN o.completed_at IS NOT NULL THEN o.hours_total END AS hours
			FROM service_order o
			LEFT JOIN catalog_category c ON c.code = o.category
			LEFT JOIN org_unit s ON s.id = o.station_id
			LEFT JOIN team t ON t.id = o.team_id
			WHERE o.station_id = ANY (:stations) AND o.created_at >= :start AND o.created_at < :end%s
			ORDER BY o.created_at, o.id
			LIMIT %d""";

	/** The next page starts after the last line of the one before (keyset paging). */
	private static final String AFTER = " AND (o.created_at, o.id) > (:afterAt, :afterId)";

	private final DatabaseClient db;

	private final OrderStats stats;

	OrderExport(DatabaseClient db, OrderStats stats) {
		this.db = db;
		this.stats = stats;
	}

	/** One exported order. */
	record Line(UUID id, String category, String title, String station, String status, Instant placedAt,
			Instant acceptedAt, Instant completedAt, Instant dueAt, boolean overdue, String team, BigDecimal rating,
			BigDecimal hours) {
	}

	Flux<Line> lines(OrgUnit unit, StatsPeriod period, Instant now) {
		return stats.stations(unit.id())
			.flatMapMany(stations -> page(stations, period, now, null)
				.expand(lines -> lines.size() < FETCH ? Mono.empty() : page(stations, period, now, lines.getLast()))
				.concatMapIterable(lines -> lines));
	}

	/**
	 * One page of {@link #FETCH} lines, read whole even when the client hangs up
	 * meanwhile, so that its connection goes back at once; no further page is read after
	 * that.
	 */
	private Mono<List<Line>> page(UUID[] stations, StatsPeriod period, Instant now, Line after) {
		DatabaseClient.GenericExecuteSpec spec = db.sql(ROWS.formatted(after == null ? "" : AFTER, FETCH))
			.bind("stations", stations)
			.bind("start", period.start())
			.bind("end", period.end())
			.bind("now", now);
		if (after != null) {
			spec = spec.bind("afterAt", after.placedAt()).bind("afterId", after.id());
		}
		DatabaseClient.GenericExecuteSpec query = spec;
		return Mono.fromFuture(() -> query.map(OrderExport::line).all().collectList().toFuture(), true);
	}

	private static Line line(Readable r) {
		return new Line(r.get("id", UUID.class), r.get("category", String.class), r.get("title", String.class),
				r.get("station", String.class), r.get("status", String.class), r.get("created_at", Instant.class),
				r.get("accepted_at", Instant.class), r.get("completed_at", Instant.class),
				r.get("due_at", Instant.class), Boolean.TRUE.equals(r.get("overdue", Boolean.class)),
				r.get("team", String.class), r.get("final_rating", BigDecimal.class), r.get("hours", BigDecimal.class));
	}

	/** The cells of a line, as text, in the order of {@link #HEADERS}. */
	static List<String> cells(Line l, DateTimeFormatter time) {
		return List.of(l.id().toString(), l.category(), l.title(), l.station(),
				STATUS.getOrDefault(l.status(), l.status()), format(l.placedAt(), time), format(l.acceptedAt(), time),
				format(l.completedAt(), time), format(l.dueAt(), time), l.overdue() ? "是" : "否",
				l.team() == null ? "" : l.team(), l.rating() == null ? "" : l.rating().toPlainString(),
				l.hours() == null ? "" : l.hours().stripTrailingZeros().toPlainString());
	}

	private static String format(Instant at, DateTimeFormatter time) {
		return at == null ? "" : time.format(at);
	}

	static DateTimeFormatter timeFormat(ZoneId zone) {
		return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
	}

	// ---- CSV

	/**
	 * UTF-8 with a byte-order mark, which Excel on Chinese Windows needs to read it as
	 * UTF-8; CRLF lines.
	 */
	Flux<DataBuffer> csv(Flux<Line> lines, ZoneId zone, DataBufferFactory buffers) {
		DateTimeFormatter time = timeFormat(zone);
		String head = "\uFEFF" + csvLine(HEADERS);
		return Flux.concat(Mono.fromSupplier(() -> buffers.wrap(head.getBytes(StandardCharsets.UTF_8))),
				lines.buffer(FETCH).map(batch -> {
					StringBuilder text = new StringBuilder();
					batch.forEach(line -> text.append(csvLine(cells(line, time))));
					return buffers.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
				}));
	}

	static String csvLine(List<String> cells) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				line.append(',');
			}
			line.append(csvCell(cells.get(i)));
		}
		return line.append("\r\n").toString();
	}

	/**
	 * Quoted when it holds a comma, a quote or a line break; text a spreadsheet would
	 * take for a formula (starting with =, +, - or @, as a resident's title may) gets a
	 * leading apostrophe.
	 */
	static String csvCell(String value) {
		String v = value == null ? "" : value;
		if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
			v = "'" + v;
		}
		if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
			return '"' + v.replace("\"", "\"\"") + '"';
		}
		return v;
	}

	// ---- XLSX

	/**
	 * A workbook with one sheet, written as the rows come: each batch is flushed and sent
	 * on.
	 */
	Flux<DataBuffer> xlsx(Flux<Line> lines, ZoneId zone, DataBufferFactory buffers) {
		DateTimeFormatter time = timeFormat(zone);
		return Flux.using(XlsxWriter::new,
				writer -> Flux.concat(Mono.fromCallable(() -> buffers.wrap(writer.header())),
						lines.buffer(FETCH).map(batch -> buffers.wrap(writer.rows(batch, time))),
						Mono.fromCallable(() -> buffers.wrap(writer.finish()))),
				XlsxWriter::close);
	}

	/**
	 * FastExcel over a buffer that is emptied after each step. Used by one subscriber,
	 * one step at a time.
	 */
	private static final class XlsxWriter {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private final Workbook workbook = new Workbook(out, "CivicDispatch", "1.0");

		private final Worksheet sheet = workbook.newWorksheet("订单明细");

		private int row;

		byte[] header() throws IOException {
			for (int c = 0; c < HEADERS.size(); c++) {
				sheet.value(0, c, HEADERS.get(c));
				sheet.style(0, c).bold().set();
			}
			sheet.freezePane(0, 1);
			row = 1;
			sheet.flush();
			return drain();
		}

		byte[] rows(List<Line> batch, DateTimeFormatter time) {
			try {
				for (Line line : batch) {
					List<String> cells = cells(line, time);
					for (int c = 0; c < cells.size(); c++) {
						if (c == 11 && line.rating() != null) {
							sheet.value(row, c, line.rating());
						}
						else if (c == 12 && line.hours() != null) {
							sheet.value(row, c, line.hours());
						}
						else {
							sheet.value(row, c, cells.get(c));
						}
					}
					row++;
				}
				sheet.flush();
				return drain();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		byte[] finish() throws IOException {
			sheet.finish();
			workbook.finish();
			return drain();
		}

		private byte[] drain() {
			byte[] bytes = out.toByteArray();
			out.reset();
			return bytes;
		}

		void close() {
			try {
				workbook.close();
			}
			catch (IOException | RuntimeException ex) {
				// the workbook was finished or the download abandoned: nothing to keep
			}
		}

	}

}
