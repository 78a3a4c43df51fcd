package org.civicdispatch.order.order;

import java.util.List;

/** A page of a list that can grow: {@code ?page=0&size=20}. */
public record PageView<T>(List<T> items, int page, int size, long totalItems) {
}
