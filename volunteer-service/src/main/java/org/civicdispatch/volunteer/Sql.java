package org.civicdispatch.volunteer;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/** Small helpers for binding with {@code DatabaseClient}. */
public final class Sql {

	private Sql() {
	}

	/** Binds {@code value}, or a typed SQL null when it is {@code null}. */
	public static <T> GenericExecuteSpec bindNullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
		return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
	}

}
