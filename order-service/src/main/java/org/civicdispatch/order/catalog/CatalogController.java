package org.civicdispatch.order.catalog;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** 服务目录: public list of categories; administrators set each category's SLA. */
@RestController
@RequestMapping("/api/catalog")
class CatalogController {

	private final CatalogRepository catalog;

	CatalogController(CatalogRepository catalog) {
		this.catalog = catalog;
	}

	record CategoryResponse(String code, String name, String description, int slaHours,
			@Schema(description = "Whether residents order it with POST /api/orders; false for 微心愿 (WISH), "
					+ "which comes from the wish wall (POST /api/wishes)") boolean orderable) {

		static CategoryResponse of(Category c) {
			return new CategoryResponse(c.code(), c.name(), c.description(), c.slaHours(), c.orderable());
		}

	}

	record UpdateCategoryRequest(@NotNull(message = "请填写办结时限") @Min(value = 1,
			message = "办结时限至少 1 小时") @Max(value = 8760, message = "办结时限不能超过一年") Integer slaHours) {
	}

	@GetMapping
	Mono<List<CategoryResponse>> list() {
		return catalog.findAll().map(categories -> categories.stream().map(CategoryResponse::of).toList());
	}

	@PutMapping("/{code}")
	Mono<CategoryResponse> update(@PathVariable String code, @Valid @RequestBody UpdateCategoryRequest request,
			CurrentUser user) {
		if (!user.isAdmin()) {
			return Mono.error(new ForbiddenException("只有管理员可以修改服务目录"));
		}
		return catalog.updateSla(code, request.slaHours())
			.switchIfEmpty(Mono.error(() -> new NotFoundException("服务类别不存在：" + code)))
			.map(CategoryResponse::of);
	}

}
