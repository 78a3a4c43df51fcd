package org.civicdispatch.points;

import java.util.List;
import java.util.function.Function;

import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.FieldError;

/** A page of a list that can grow: {@code ?page=0&size=20} → {@code {items, page, size, totalItems}}. */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems) {

	public static final int MAX_SIZE = 100;

	public <R> PageResponse<R> map(Function<T, R> mapper) {
		return new PageResponse<>(items.stream().map(mapper).toList(), page, size, totalItems);
	}

	/** The page asked for, checked: page ≥ 0 and 1 ≤ size ≤ 100. */
	public record Request(int page, int size) {

		public static Request of(int page, int size) {
			if (page < 0) {
				throw new BadRequestException("分页参数不正确", List.of(new FieldError("page", "页码不能为负数")));
			}
			if (size < 1 || size > MAX_SIZE) {
				throw new BadRequestException("分页参数不正确", List.of(new FieldError("size", "每页条数应在 1 到 100 之间")));
			}
			return new Request(page, size);
		}

		public long offset() {
			return (long) page * size;
		}

	}

}
