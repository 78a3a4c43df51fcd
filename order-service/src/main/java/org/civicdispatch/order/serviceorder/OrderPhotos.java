package org.civicdispatch.order.serviceorder;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

/** The photos of orders, for their views; the photo package keeps them. */
public interface OrderPhotos {

	Mono<Map<UUID, List<OrderView.PhotoView>>> of(Collection<UUID> orderIds);

	/** The view with the order's photos. */
	default Mono<OrderView> attach(OrderView view) {
		return of(List.of(view.id())).map(photos -> view.withPhotos(photos.getOrDefault(view.id(), List.of())));
	}

}
