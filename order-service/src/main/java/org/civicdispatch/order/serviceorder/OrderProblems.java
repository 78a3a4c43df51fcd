package org.civicdispatch.order.serviceorder;

import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;

/** Maps the domain's exceptions to the problem answers the web layer sends. */
public final class OrderProblems {

	private OrderProblems() {
	}

	public static Throwable translate(Throwable error) {
		return switch (error) {
			case IllegalTransitionException e -> new ConflictException(e.getMessage());
			case InvalidOrderInputException e -> BadRequestException.field(e.field(), e.getMessage());
			default -> error;
		};
	}

}
