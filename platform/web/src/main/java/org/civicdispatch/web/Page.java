package org.civicdispatch.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list that can grow, as every service answers it: {@code ?page=0&size=20}
 * → {@code {items, page, size, totalItems}}. Ask for one with a checked
 * {@link PageRequest}.
 */
public record Page<T>(List<T> items, int page, int size, long totalItems) {

	public Page {
		items = List.copyOf(items);
	}

	/**
	 * The page {@code request} asked for, holding {@code items} of {@code totalItems} in
	 * all.
	 */
	public static <T> Page<T> of(PageRequest request, List<T> items, long totalItems) {
		return new Page<>(items, request.page(), request.size(), totalItems);
	}

	/** The same page with each item mapped, e.g. from a domain type to its view. */
	public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
		return new Page<>(items.stream().<R>map(mapper).toList(), page, size, totalItems);
	}

}
