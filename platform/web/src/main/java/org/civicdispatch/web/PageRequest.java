package org.civicdispatch.web;

import java.util.List;

/**
 * The page a request asks for ({@code ?page=0&size=20}), checked: {@code page ≥ 0} and
 * {@code 1 ≤ size ≤} {@value #MAX_SIZE}; anything else is a 400 problem naming the field.
 */
public record PageRequest(int page, int size) {

	/** The most items one page may hold. */
	public static final int MAX_SIZE = 100;

	static final String INVALID = "分页参数不正确";

	public PageRequest {
		if (page < 0) {
			throw new BadRequestException(INVALID, List.of(new FieldError("page", "页码不能为负数")));
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new BadRequestException(INVALID, List.of(new FieldError("size", "每页条数须在 1 到 " + MAX_SIZE + " 之间")));
		}
	}

	/** The page asked for; a bad one is a {@link BadRequestException} (400). */
	public static PageRequest of(int page, int size) {
		return new PageRequest(page, size);
	}

	/** How many items come before this page. */
	public long offset() {
		return (long) page * size;
	}

}
