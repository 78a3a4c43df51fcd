package org.civicdispatch.points;

import java.util.List;
import java.util.function.Function;

import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;

/**
 * A page of a list that can grow: {@code ?page=0&size=20} → {@code {items, page, size, totalItems}}.
 * Only the store's redemption list still answers with it; everything else uses the platform's
 * {@link Page} and {@link PageRequest}, which this goes over to when that list moves.
 */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems) {

	public static final int MAX_SIZE = PageRequest.MAX_SIZE;

	public <R> PageResponse<R> map(Function<T, R> mapper) {
		return new PageResponse<>(items.stream().map(mapper).toList(), page, size, totalItems);
	}

	/** The page asked for, checked as {@link PageRequest#of} checks it (the same 400 problem). */
	public record Request(int page, int size) {

		public static Request of(int page, int size) {
			PageRequest checked = PageRequest.of(page, size);
			return new Request(checked.page(), checked.size());
		}

		public long offset() {
			return (long) page * size;
		}

	}

}
