package org.civicdispatch.points.store;

import java.util.UUID;

import io.r2dbc.spi.Readable;

/**
 * Goods a station offers in the points store, with a points cost per piece and the stock
 * left.
 */
record StoreItem(UUID id, String name, String description, long pointsCost, int stock, UUID stationId, boolean active) {

	static final String COLUMNS = "id, name, description, points_cost, stock, station_id, active";

	static StoreItem from(Readable row) {
		return new StoreItem(row.get("id", UUID.class), row.get("name", String.class),
				row.get("description", String.class), row.get("points_cost", Long.class),
				row.get("stock", Integer.class), row.get("station_id", UUID.class), row.get("active", Boolean.class));
	}

}
