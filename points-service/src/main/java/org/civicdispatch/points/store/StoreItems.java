package org.civicdispatch.points.store;

import java.util.List;
import java.util.UUID;

import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.OrgTree;
import org.civicdispatch.web.StaffScope;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The store's goods per station; managed by STAFF over the station or ADMIN. */
@Component
class StoreItems {

	/** Most pieces of one item a station may hold. */
	static final int MAX_STOCK = 100_000;

	/** The highest points cost of one piece. */
	static final int MAX_POINTS_COST = 100_000;

	private final DatabaseClient db;

	private final OrgTree orgTree;

	private final StaffScope scope;

	StoreItems(DatabaseClient db, OrgTree orgTree, StaffScope scope) {
		this.db = db;
		this.orgTree = orgTree;
		this.scope = scope;
	}

	Mono<List<StoreItem>> list(UUID stationId, boolean includeInactive) {
		String sql = "SELECT " + StoreItem.COLUMNS + " FROM store_item WHERE (CAST(:station AS uuid) IS NULL OR "
				+ "station_id = :station)" + (includeInactive ? "" : " AND active") + " ORDER BY created_at, id";
		return db.sql(sql)
			.bind("station", Parameter.fromOrEmpty(stationId, UUID.class))
			.map(StoreItem::from)
			.all()
			.collectList();
	}

	Mono<StoreItem> find(UUID id) {
		return db.sql("SELECT " + StoreItem.COLUMNS + " FROM store_item WHERE id = :id")
			.bind("id", id)
			.map(StoreItem::from)
			.one()
			.switchIfEmpty(Mono.error(() -> new NotFoundException("找不到该商品")));
	}

	Mono<StoreItem> create(CurrentUser user, String name, String description, long pointsCost, int stock,
			UUID stationId) {
		Mono<Void> isStation = orgTree.find(stationId)
			.switchIfEmpty(Mono.error(() -> BadRequestException.field("stationId", "找不到该站点")))
			.filter((unit) -> !unit.isStation())
			.flatMap((unit) -> Mono.error(BadRequestException.field("stationId", "商品只能设在实践站")));
		return isStation.then(requireStaffOver(user, stationId))
			.then(db.sql("""
					INSERT INTO store_item (id, station_id, name, description, points_cost, stock, created_by)
					VALUES (:id, :station, :name, :description, :cost, :stock, :by)
					RETURNING""" + " " + StoreItem.COLUMNS)
				.bind("id", UUID.randomUUID())
				.bind("station", stationId)
				.bind("name", name)
				.bind("description", description)
				.bind("cost", pointsCost)
				.bind("stock", stock)
				.bind("by", user.id())
				.map(StoreItem::from)
				.one());
	}

	Mono<StoreItem> restock(CurrentUser user, UUID id, int quantity) {
		return change(user, id,
				"UPDATE store_item SET stock = stock + :quantity, updated_at = now() " + "WHERE id = :id AND stock <= "
						+ MAX_STOCK + " - :quantity RETURNING " + StoreItem.COLUMNS,
				quantity)
			.switchIfEmpty(Mono.error(() -> new ConflictException("库存不能超过 " + MAX_STOCK)));
	}

	Mono<StoreItem> deactivate(CurrentUser user, UUID id) {
		return change(user, id, "UPDATE store_item SET active = false, updated_at = now() WHERE id = :id "
				+ "RETURNING " + StoreItem.COLUMNS, null);
	}

	Mono<StoreItem> activate(CurrentUser user, UUID id) {
		return change(user, id, "UPDATE store_item SET active = true, updated_at = now() WHERE id = :id " + "RETURNING "
				+ StoreItem.COLUMNS, null);
	}

	/**
	 * Takes redeemed pieces off the stock; 409 when fewer are left or the item is no
	 * longer offered.
	 */
	Mono<Void> take(UUID id, int quantity) {
		return db.sql("""
				UPDATE store_item SET stock = stock - :quantity, updated_at = now()
				WHERE id = :id AND active AND stock >= :quantity RETURNING stock""")
			.bind("quantity", quantity)
			.bind("id", id)
			.map(row -> row.get("stock", Integer.class))
			.one()
			.switchIfEmpty(Mono.error(() -> new ConflictException("库存不足")))
			.then();
	}

	/** Puts the pieces of a cancelled or expired redemption back. */
	Mono<Void> putBack(UUID id, int quantity) {
		return db.sql("UPDATE store_item SET stock = stock + :quantity, updated_at = now() WHERE id = :id")
			.bind("quantity", quantity)
			.bind("id", id)
			.then();
	}

	/** ADMIN, or STAFF whose scope holds the station or a unit above it. */
	Mono<Void> requireStaffOver(CurrentUser user, UUID stationId) {
		return scope.require(user, stationId, "只有该站点的工作人员或管理员可以执行此操作");
	}

	private Mono<StoreItem> change(CurrentUser user, UUID id, String sql, Integer quantity) {
		return find(id).flatMap(item -> requireStaffOver(user, item.stationId())).then(Mono.defer(() -> {
			var spec = db.sql(sql).bind("id", id);
			if (quantity != null) {
				spec = spec.bind("quantity", quantity);
			}
			return spec.map(StoreItem::from).one();
		}));
	}

}
