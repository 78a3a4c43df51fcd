package org.civicdispatch.volunteer;

import java.util.List;

import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.FieldError;

/** One page of a list that can grow: {@code ?page=0&size=20} → {@code {items, page, size, totalItems}}. */
public record Page<T>(List<T> items, int page, int size, long totalItems) {

	public static final int MAX_SIZE = 100;

	public Page {
		items = List.copyOf(items);
	}

	/** Checks the paging parameters of a request; a bad one is a 400. */
	public static void check(int page, int size) {
		if (page < 0) {
			throw new BadRequestException("分页参数不正确", List.of(new FieldError("page", "页码不能小于 0")));
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new BadRequestException("分页参数不正确",
					List.of(new FieldError("size", "每页条数必须在 1 到 " + MAX_SIZE + " 之间")));
		}
	}

	public long offset() {
		return (long) page * size;
	}

}
