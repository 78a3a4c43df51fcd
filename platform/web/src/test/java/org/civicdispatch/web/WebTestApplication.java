package org.civicdispatch.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.micrometer.context.ContextRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A small service that uses what platform/web gives every service. */
@SpringBootApplication
class WebTestApplication {

	static final Logger log = LoggerFactory.getLogger(WebTestApplication.class);

	/**
	 * Key of a thread-local that a library other than this platform registers for context
	 * propagation.
	 */
	static final String DISTRICT_KEY = "test.district";

	static final ThreadLocal<String> DISTRICT = new ThreadLocal<>();

	static {
		// before the application starts, as a library's META-INF/services entry would be
		ContextRegistry.getInstance()
			.registerThreadLocalAccessor(DISTRICT_KEY, DISTRICT::get, DISTRICT::set, DISTRICT::remove);
	}

	record NewThing(@NotBlank String name, @NotNull @Min(1) Integer capacity, List<@NotBlank String> tags) {
	}

	enum Shade {

		LIGHT, DARK

	}

	/**
	 * One field of each kind a request body has, to show what strict JSON input refuses.
	 */
	record Sample(@SingleLine String title, String note, Integer count, int amount, Long total, BigDecimal hours,
			Double ratio, Float weight, Boolean active, Shade shade, List<String> tags,
			Map<String, BigDecimal> multipliers) {
	}

	@RestController
	static class ThingController {

		@GetMapping("/api/whoami")
		CurrentUser whoami(CurrentUser user) {
			return user;
		}

		@GetMapping("/api/whoami-reactive")
		Mono<CurrentUser> whoamiReactive() {
			return CurrentUser.current();
		}

		@PostMapping("/api/things")
		@ResponseStatus(HttpStatus.CREATED)
		Mono<NewThing> create(@Valid @RequestBody NewThing thing, CurrentUser user) {
			return Mono.just(thing);
		}

		@PostMapping("/api/samples")
		Mono<Sample> sample(@Valid @RequestBody Sample sample) {
			return Mono.just(sample);
		}

		@GetMapping("/api/samples")
		Mono<Map<String, Object>> samples(@RequestParam(defaultValue = "0") int page,
				@RequestParam(defaultValue = "20") int size, @RequestParam(required = false) Shade shade) {
			return Mono.just(Map.of("page", page, "size", size, "shade", String.valueOf(shade)));
		}

		@GetMapping("/api/things/{id}")
		Mono<Map<String, String>> thing(@PathVariable java.util.UUID id) {
			return Problems.notFound("找不到该事项");
		}

		@PostMapping("/api/admin-things")
		Mono<String> adminOnly(CurrentUser user) {
			return user.isAdmin() ? Mono.just("ok") : Problems.forbidden("只有管理员可以操作");
		}

		@GetMapping("/api/boom")
		Mono<String> boom() {
			return Mono.error(new IllegalStateException("broken on purpose"));
		}

		@PostMapping("/api/duplicates")
		Mono<String> duplicate() {
			return Mono.error(new DuplicateKeyException("duplicate key value violates unique constraint"));
		}

		@GetMapping("/public/hello")
		Mono<String> hello() {
			return Mono.just("你好");
		}

		/**
		 * Answers the request id in the MDC and another registered thread-local after a
		 * thread hop, both restored from the Reactor context.
		 */
		@GetMapping("/public/propagation")
		Mono<Map<String, String>> propagation(@RequestParam String district) {
			return Mono.just(district)
				.publishOn(Schedulers.parallel())
				.map((ignored) -> Map.of("mdc", String.valueOf(MDC.get(RequestIds.CONTEXT_KEY)), "district",
						String.valueOf(DISTRICT.get()), "thread", Thread.currentThread().getName()))
				.contextWrite((context) -> context.put(DISTRICT_KEY, district));
		}

		/**
		 * Answers the request id as seen by the Reactor context and by the MDC after a
		 * thread hop.
		 */
		@GetMapping("/public/request-id")
		Mono<Map<String, String>> requestId() {
			return Mono.deferContextual((context) -> Mono.just(RequestIds.of(context).orElse("")))
				.publishOn(Schedulers.parallel())
				.map((fromContext) -> {
					log.info("handling request-id probe");
					return Map.of("context", fromContext, "mdc", String.valueOf(MDC.get(RequestIds.CONTEXT_KEY)));
				});
		}

	}

}
