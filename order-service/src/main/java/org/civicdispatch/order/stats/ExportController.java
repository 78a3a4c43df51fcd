package org.civicdispatch.order.stats;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.StatsPeriod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** {@code GET /api/orders/export}: 订单明细 as CSV or XLSX. */
@RestController
class ExportController {

	/** At most a year (and a leap day) per file. */
	static final int MAX_EXPORT_DAYS = 366;

	static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	private final StatsScope scope;

	private final OrderExport export;

	private final ZoneId zone;

	private final Clock clock;

	ExportController(StatsScope scope, OrderExport export, @Value("${civic.stats.time-zone:Asia/Shanghai}") ZoneId zone,
			Clock clock) {
		this.scope = scope;
		this.export = export;
		this.zone = zone;
		this.clock = clock;
	}

	@GetMapping("/api/orders/export")
	@Operation(summary = "订单明细: the orders placed in a period under an org unit, as a file", description = """
			STAFF over the unit (or a unit above it), ADMIN; others 403, an unknown unit 404. One row per \
			order placed in [from, to) (dates in Asia/Shanghai time, as for `/api/stats/orders`) at the \
			stations of the unit's subtree, oldest first, with Chinese headers: 订单编号, 服务类别, 标题, \
			实践站, 状态, 下单时间, 接单时间, 完成时间, 限时办结时间, 是否超时, 服务队, 评分, 服务时长（小时）; \
			times as `yyyy-MM-dd HH:mm:ss` Beijing time. No phone numbers or addresses. `format=csv` (the \
			default): UTF-8 with a byte-order mark, comma-separated, CRLF, quoted where needed. \
			`format=xlsx`: one sheet. At most 366 days (400 beyond). `Content-Disposition` names the file \
			in Chinese (RFC 5987 `filename*`) with an ASCII `filename` for old clients. The file is \
			streamed as the rows are read.""")
	@ApiResponse(responseCode = "200", description = "The file",
			content = { @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
					@Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
							schema = @Schema(type = "string", format = "binary")) })
	Mono<ResponseEntity<Flux<DataBuffer>>> export(
			@Parameter(description = "The centre, institute or station",
					required = true) @RequestParam(required = false) UUID orgUnitId,
			@Parameter(description = "First day exported, yyyy-MM-dd", required = true,
					schema = @Schema(type = "string", format = "date")) @RequestParam(required = false) String from,
			@Parameter(description = "First day no longer exported, yyyy-MM-dd", required = true,
					schema = @Schema(type = "string", format = "date")) @RequestParam(required = false) String to,
			@Parameter(schema = @Schema(allowableValues = { "csv", "xlsx" }, defaultValue = "csv")) @RequestParam(
					required = false) String format,
			CurrentUser user, ServerWebExchange exchange) {
		return scope.unit(user, orgUnitId).map(unit -> {
			StatsPeriod period = StatsPeriod.parse(from, to, MAX_EXPORT_DAYS, zone);
			boolean xlsx = switch (format == null || format.isBlank() ? "csv" : format.strip()) {
				case "csv" -> false;
				case "xlsx" -> true;
				default -> throw BadRequestException.field("format", "格式须为 csv 或 xlsx");
			};
			Flux<OrderExport.Line> lines = export.lines(unit, period, clock.instant());
			var buffers = exchange.getResponse().bufferFactory();
			String name = "订单明细_" + unit.name() + "_" + period.from() + "_至_" + period.to().minusDays(1)
					+ (xlsx ? ".xlsx" : ".csv");
			String ascii = "orders_" + period.from() + "_" + period.to().minusDays(1) + (xlsx ? ".xlsx" : ".csv");
			return ResponseEntity.ok()
				.contentType(xlsx ? XLSX : CSV)
				.cacheControl(CacheControl.noStore())
				.header(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(ascii, name))
				.body(xlsx ? export.xlsx(lines, zone, buffers) : export.csv(lines, zone, buffers));
		});
	}

	/**
	 * {@code attachment; filename="ascii"; filename*=UTF-8''percent-encoded} (RFC 6266
	 * and 5987).
	 */
	static String contentDisposition(String ascii, String name) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$&+-.^_`|~".indexOf(c) >= 0) {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(String.format("%02X", b & 0xff));
			}
		}
		return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
	}

}
