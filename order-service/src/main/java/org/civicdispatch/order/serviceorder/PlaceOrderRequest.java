package org.civicdispatch.order.serviceorder;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.civicdispatch.web.SingleLine;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/orders}. Title and address are one line; the description may
 * have several.
 */
record PlaceOrderRequest(@NotBlank(message = "请选择服务类别") @Size(max = 50, message = "未知的服务类别") String category,
		@NotBlank(message = "标题不能为空") @Size(max = 100,
				message = "标题不能超过 100 个字") @SingleLine(message = "标题不能换行") String title,
		@Size(max = 2000, message = "描述不能超过 2000 个字") String description, @NotNull(message = "请选择实践站") UUID stationId,
		@Size(max = 200, message = "地址不能超过 200 个字") @SingleLine(message = "地址不能换行") String address,
		@NotBlank(message = "请填写联系电话") @Pattern(regexp = "^1\\d{10}$", message = "联系电话须为 11 位手机号") String contactPhone,
		OffsetDateTime preferredTime,
		@Schema(description = "帮办: the neighbour this order is for; only STAFF over the station or a VOLUNTEER of it",
				nullable = true) @Valid BeneficiaryRequest beneficiary) {

	/** 帮办: the neighbour's name and mobile number. */
	public record BeneficiaryRequest(
			@NotBlank(message = "请填写受助人姓名") @Size(max = 50,
					message = "受助人姓名不能超过 50 个字") @SingleLine(message = "受助人姓名不能换行") String name,
			@NotBlank(message = "请填写受助人电话") @Pattern(regexp = "^1\\d{10}$", message = "受助人电话须为 11 位手机号") String phone) {
	}

	ServiceOrder.Request toDomain(UUID residentId) {
		return new ServiceOrder.Request(residentId, category, title.strip(), description, stationId, address,
				contactPhone, preferredTime == null ? null : preferredTime.toInstant());
	}

}
