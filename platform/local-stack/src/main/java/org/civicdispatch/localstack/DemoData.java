package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A demo data set for the local stack, made through the gateway's public API as the
 * development administrator and the people it creates: a centre with its institutes and
 * stations, staff, teams, volunteers, residents, orders in every status and redemptions
 * in the points store. Orders are placed and carried through their lifecycle today; then
 * the order-service's demo back-dating ({@code POST /api/orders/demo/backdate}, only when
 * the local stack was started with demo data) spreads them over the past
 * {@link Size#days()} days.
 * <p>
 * Run it with
 * {@code ./scripts/demo-data.sh [gateway-url] [--small] [--orders=N] [--workers=N]}, or
 * start the stack with {@code ./scripts/run-local.sh --demo-data}. Running it again adds
 * nothing: it stops when the demo centre already exists.
 * <p>
 * Overdue (督办): an order accepted or in service whose due time (accepted + the category's
 * SLA, 72 hours by default) has passed. The demo makes them by moving accepted or
 * in-service orders 4–20 days back; order-service then flags them overdue within seconds.
 * Orders that stay dispatched are not moved (their 30-minute accept deadline would pass
 * and send them to the next team), nor are orders that stay placed: a placed order is
 * dispatched within seconds, so {@code PLACED} does not last.
 */
public final class DemoData {

	static final String CENTRE = "平城区新时代文明实践中心";

	static final String ADMIN_PHONE = "13800000000";

	static final String ADMIN_PASSWORD = "Admin@12345";

	/** Every demo account's password. */
	static final String PASSWORD = "Demo@2024";

	/** Demo phones: staff 1989xxxxxxx, volunteers 1987xxxxxxx, residents 1988xxxxxxx. */
	static String staffPhone(int n) {
		return "1989" + String.format("%07d", n);
	}

	static String volunteerPhone(int n) {
		return "1987" + String.format("%07d", n);
	}

	static String residentPhone(int n) {
		return "1988" + String.format("%07d", n);
	}

	/** How much to make. */
	public record Size(int institutes, int stationsPerInstitute, int teams, int volunteers, int residents, int orders,
			int days, int redemptions, int workers) {

		public static Size full() {
			return new Size(3, 4, 20, 200, 360, 2000, 90, 150, 16);
		}

		public static Size small() {
			return new Size(1, 2, 4, 16, 12, 50, 90, 6, 8);
		}

		int stations() {
			return institutes * stationsPerInstitute;
		}

		static Size of(List<String> args) {
			Size size = args.contains("--small") ? small() : full();
			for (String arg : args) {
				String[] kv = arg.split("=", 2);
				if (kv.length != 2) {
					continue;
				}
				int n = Integer.parseInt(kv[1]);
				size = switch (kv[0]) {
					case "--orders" -> new Size(size.institutes, size.stationsPerInstitute, size.teams, size.volunteers,
							size.residents, n, size.days, size.redemptions, size.workers);
					case "--workers" -> new Size(size.institutes, size.stationsPerInstitute, size.teams,
							size.volunteers, size.residents, size.orders, size.days, size.redemptions, n);
					default -> throw new IllegalArgumentException("unknown option " + kv[0]);
				};
			}
			return size;
		}

	}

	/** What a run made; {@code skipped} when the demo data was already there. */
	public record Summary(boolean skipped, int orgUnits, int staff, int volunteers, int residents, int teams,
			int storeItems, Map<String, Integer> ordersByStatus, int overdue, int backdated,
			Map<String, Integer> redemptionsByStatus, long seconds) {

		int orders() {
			return ordersByStatus.values().stream().mapToInt(Integer::intValue).sum();
		}

	}

	/** What each order is meant to become. */
	enum Fate {

		EVALUATED, COMPLETED, CANCELLED, ACCEPTED, ACCEPTED_OVERDUE, IN_SERVICE, IN_SERVICE_OVERDUE, DISPATCHED,
		UNASSIGNED, REJECTED_THEN_EVALUATED;

		/**
		 * {@code n} fates in these proportions, each at least once, in a shuffled order.
		 */
		static List<Fate> plan(int n, Random random) {
			List<Fate> fates = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				fates.add(pick((i + 0.5) / n));
			}
			for (Fate fate : values()) {
				if (!fates.contains(fate) && n >= values().length) {
					fates.set(fates.indexOf(EVALUATED), fate);
				}
			}
			Collections.shuffle(fates, random);
			return fates;
		}

		/**
		 * Ends with the order still open: it keeps a place of its team's capacity and of
		 * its resident's 3 open orders.
		 */
		boolean staysOpen() {
			return switch (this) {
				case ACCEPTED, ACCEPTED_OVERDUE, IN_SERVICE, IN_SERVICE_OVERDUE, DISPATCHED, UNASSIGNED -> true;
				case EVALUATED, COMPLETED, CANCELLED, REJECTED_THEN_EVALUATED -> false;
			};
		}

		static Fate pick(double r) {
			if (r < 0.58) {
				return EVALUATED;
			}
			if (r < 0.63) {
				return REJECTED_THEN_EVALUATED;
			}
			if (r < 0.70) {
				return COMPLETED;
			}
			if (r < 0.78) {
				return CANCELLED;
			}
			if (r < 0.81) {
				return ACCEPTED;
			}
			if (r < 0.84) {
				return ACCEPTED_OVERDUE;
			}
			if (r < 0.87) {
				return IN_SERVICE;
			}
			if (r < 0.90) {
				return IN_SERVICE_OVERDUE;
			}
			if (r < 0.95) {
				return DISPATCHED;
			}
			return UNASSIGNED;
		}

	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = List.of(args);
		String gateway = arguments.stream()
			.filter(a -> !a.startsWith("--"))
			.findFirst()
			.orElse("http://localhost:8080");
		Summary summary = new DemoData(gateway, Size.of(arguments), System.out).run();
		System.exit(summary == null ? 1 : 0);
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String gateway;

	private final Size size;

	private final PrintStream out;

	private final Random random = new Random(20240501);

	private String admin;

	// what the run has made
	private final List<Unit> institutes = new ArrayList<>();

	private final List<Unit> stations = new ArrayList<>();

	private final Map<String, Person> stationStaff = new LinkedHashMap<>();

	private final List<Person> volunteers = new ArrayList<>();

	private final Map<String, List<Person>> residentsByStation = new LinkedHashMap<>();

	private final Map<String, Team> teams = new LinkedHashMap<>();

	private final Map<String, List<Item>> itemsByStation = new ConcurrentHashMap<>();

	private final Map<String, Integer> finalStatus = new ConcurrentHashMap<>();

	private final AtomicInteger overdue = new AtomicInteger();

	private final ConcurrentLinkedQueue<Map<String, Object>> shifts = new ConcurrentLinkedQueue<>();

	private int staffCount;

	record Unit(String id, String name, String parentId) {
	}

	static final class Person {

		final String phone;

		final String name;

		String id;

		String token;

		String stationId;

		Person(String phone, String name) {
			this.phone = phone;
			this.name = name;
		}

	}

	record Team(String id, String name, Person leader, List<Person> members) {
	}

	record Item(String id, String name, int cost) {
	}

	public DemoData(String gateway, Size size, PrintStream out) {
		this.gateway = gateway.replaceAll("/+$", "");
		this.size = size;
		this.out = out;
	}

	/**
	 * Makes the data set, or nothing when the demo centre exists; null when it failed.
	 */
	public Summary run() {
		long begin = System.nanoTime();
		try {
			this.admin = login(ADMIN_PHONE, ADMIN_PASSWORD);
			for (JsonNode unit : call("GET", "/api/org-units", null, null, Map.of()).expect(200).json()) {
				if (CENTRE.equals(unit.get("name").asString()) && "CENTRE".equals(unit.get("level").asString())) {
					out.println("演示数据已存在（" + CENTRE + "），未重复生成。 Demo data is already there: nothing added.");
					return new Summary(true, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, Map.of(), 0);
				}
			}
			// the back-dating must be there before anything is made: otherwise every
			// order would be today's
			int probe = call("POST", "/api/orders/demo/backdate", admin, Map.of("orders", List.of()), Map.of())
				.status();
			if (probe == 404) {
				out.println("order-service has no demo back-dating: start the local stack with demo data "
						+ "(./scripts/run-local.sh --demo-data, or CIVIC_DEMO_DATA=true for order-service). Nothing added.");
				return null;
			}
			out.printf(
					"Making demo data at %s: %d institutes, %d stations, %d teams, %d volunteers, %d residents, "
							+ "%d orders over %d days, %d redemptions (%d workers)%n",
					gateway, size.institutes, size.stations(), size.teams, size.volunteers, size.residents, size.orders,
					size.days, size.redemptions, size.workers);
			orgTree();
			people();
			teams();
			storeItems();
			orders();
			int backdated = backdate();
			Map<String, Integer> redemptions = redemptions();
			long seconds = (System.nanoTime() - begin) / 1_000_000_000;
			Summary summary = new Summary(false, 1 + institutes.size() + stations.size(), staffCount, volunteers.size(),
					residentsByStation.values().stream().mapToInt(List::size).sum(), teams.size(),
					itemsByStation.values().stream().mapToInt(List::size).sum(), new java.util.TreeMap<>(finalStatus),
					overdue.get(), backdated, redemptions, seconds);
			print(summary);
			return summary;
		}
		catch (RuntimeException ex) {
			out.println("Demo data failed: " + ex.getMessage());
			return null;
		}
	}

	// ---- org tree and staff

	private static final String[] STREETS = { "御河", "新建南路", "北关", "南关", "西街", "东街" };

	private static final String[][] COMMUNITIES = { { "御东", "御西", "文瀛湖", "同泉" }, { "新建", "迎宾", "站东", "永泰" },
			{ "北关", "操场城", "清远", "华林" }, { "南关", "鼓楼", "魏都", "平城" }, { "西街", "大西街", "九龙壁", "红旗" },
			{ "东街", "善化", "古城", "兴云" } };

	private String centreId;

	private void orgTree() {
		centreId = post("/api/org-units", admin, unit(CENTRE, "CENTRE", null), 201).id();
		for (int i = 0; i < size.institutes; i++) {
			Unit institute = new Unit(null, STREETS[i % STREETS.length] + "街道新时代文明实践所", centreId);
			institute = new Unit(post("/api/org-units", admin, unit(institute.name, "INSTITUTE", centreId), 201).id(),
					institute.name, centreId);
			institutes.add(institute);
			for (int j = 0; j < size.stationsPerInstitute; j++) {
				String name = COMMUNITIES[i % COMMUNITIES.length][j % 4] + "社区新时代文明实践站";
				stations.add(new Unit(post("/api/org-units", admin, unit(name, "STATION", institute.id), 201).id(),
						name, institute.id));
			}
		}
		out.printf("  org tree: 1 centre, %d institutes, %d stations%n", institutes.size(), stations.size());
	}

	private static Map<String, Object> unit(String name, String level, String parentId) {
		Map<String, Object> unit = new LinkedHashMap<>();
		unit.put("name", name);
		unit.put("level", level);
		unit.put("parentId", parentId);
		return unit;
	}

	// ---- people

	private static final String SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎";

	private static final String[] GIVEN = { "建国", "秀英", "桂兰", "志强", "丽娟", "海燕", "国庆", "晓红", "明", "静", "伟", "芳", "军",
			"敏", "磊", "洁", "勇", "艳", "涛", "霞", "斌", "玉梅", "春生", "淑珍", "文华", "红梅", "建华", "凤英", "德明", "丽华", "晓东", "佳怡",
			"子豪", "雨涵", "浩然", "欣怡", "俊杰", "梓萱", "宇航", "诗琪" };

	private String chineseName(int n) {
		return SURNAMES.charAt(n % SURNAMES.length()) + GIVEN[(n * 7 + n / SURNAMES.length()) % GIVEN.length];
	}

	private static final String[] SKILLS = { "助老", "陪诊", "理发", "家电维修", "法律咨询", "心理疏导", "文艺演出", "宣讲", "垃圾分类", "急救", "书法",
			"摄影", "电脑", "辅导作业" };

	private void people() {
		// staff: one per station, per institute, and the centre's
		List<Runnable> work = new ArrayList<>();
		List<Unit> staffUnits = new ArrayList<>();
		staffUnits.add(new Unit(centreId, CENTRE, null));
		staffUnits.addAll(institutes);
		staffUnits.addAll(stations);
		Map<String, Person> staffByUnit = new ConcurrentHashMap<>();
		for (int i = 0; i < staffUnits.size(); i++) {
			Unit unit = staffUnits.get(i);
			Person person = new Person(staffPhone(i + 1), chineseName(1000 + i));
			work.add(() -> {
				register(person);
				post("/api/staff", admin, Map.of("userId", person.id, "orgUnitId", unit.id), 201);
				person.token = login(person.phone, PASSWORD);
				staffByUnit.put(unit.id, person);
			});
		}
		for (int i = 0; i < size.volunteers; i++) {
			Person person = new Person(volunteerPhone(i + 1), chineseName(i));
			person.stationId = stations.get(i % stations.size()).id;
			volunteers.add(person);
			int n = i;
			work.add(() -> {
				register(person);
				String token = login(person.phone, PASSWORD);
				post("/api/volunteers", token,
						Map.of("realName", person.name, "skills",
								List.of(SKILLS[n % SKILLS.length], SKILLS[(n * 5 + 3) % SKILLS.length]), "stationId",
								person.stationId),
						201);
				person.token = token;
			});
		}
		for (int i = 0; i < size.residents; i++) {
			Person person = new Person(residentPhone(i + 1), chineseName(500 + i));
			person.stationId = stations.get(i % stations.size()).id;
			residentsByStation.computeIfAbsent(person.stationId, k -> Collections.synchronizedList(new ArrayList<>()))
				.add(person);
			work.add(() -> {
				register(person);
				person.token = login(person.phone, PASSWORD);
			});
		}
		parallel("people", work);
		staffCount = staffByUnit.size();
		stations.forEach(s -> stationStaff.put(s.id, staffByUnit.get(s.id)));
		out.printf("  people: %d staff, %d volunteers, %d residents%n", staffCount, volunteers.size(), size.residents);
	}

	private void register(Person person) {
		Answer answer = call("POST", "/api/auth/register", null,
				Map.of("phone", person.phone, "password", PASSWORD, "name", person.name), Map.of());
		if (answer.status() == 201) {
			person.id = answer.id();
			return;
		}
		answer.expect(201);
	}

	// ---- teams

	private static final String[] ALL_CATEGORIES = { "THEORY", "POLICY", "ETHICS", "CULTURE", "LAW", "SCIENCE",
			"HEALTH", "ELDERLY", "HOUSEKEEPING", "ENVIRONMENT" };

	/** Station teams: what each serves and how it is called. */
	private static final String[][] STATION_TEAMS = { { "助老", "ELDERLY", "HOUSEKEEPING", "HEALTH" },
			{ "理论宣讲", "THEORY", "POLICY", "ETHICS" }, { "文化文艺", "CULTURE", "ETHICS", "SCIENCE" },
			{ "法律服务", "LAW", "POLICY" }, { "环境卫生", "ENVIRONMENT", "HOUSEKEEPING" },
			{ "医疗健康", "HEALTH", "ELDERLY", "SCIENCE" } };

	private void teams() {
		Map<String, List<Person>> byStation = new LinkedHashMap<>();
		volunteers.forEach(v -> byStation.computeIfAbsent(v.stationId, k -> new ArrayList<>()).add(v));
		// the centre's corps serves everything, each institute has a squadron, the rest
		// are station detachments
		List<Person> corps = new ArrayList<>();
		stations.forEach(s -> corps.add(byStation.get(s.id).get(byStation.get(s.id).size() - 1)));
		makeTeam("平城区新时代文明实践志愿服务总队", "CORPS", centreId, List.of(ALL_CATEGORIES), 60, corps);
		for (Unit institute : institutes) {
			if (teams.size() >= size.teams) {
				break;
			}
			List<Person> members = new ArrayList<>();
			stations.stream()
				.filter(s -> s.parentId.equals(institute.id))
				.forEach(s -> members.add(byStation.get(s.id).get(byStation.get(s.id).size() - 2)));
			makeTeam(institute.name.replace("新时代文明实践所", "志愿服务中队"), "SQUADRON", institute.id,
					List.of("THEORY", "POLICY", "LAW", "CULTURE", "HEALTH"), 40, members);
		}
		int detachments = size.teams - teams.size();
		for (int t = 0; t < detachments; t++) {
			Unit station = stations.get(t % stations.size());
			int round = t / stations.size();
			String[] kind = STATION_TEAMS[(t + round * 3) % STATION_TEAMS.length];
			List<Person> pool = byStation.get(station.id);
			List<Person> members = new ArrayList<>();
			// the station's volunteers, split between its detachments (the last two are
			// in the corps and squadron)
			int perStation = (detachments + stations.size() - 1 - (t % stations.size())) / stations.size();
			for (int i = round; i < pool.size() - 2; i += Math.max(1, perStation)) {
				members.add(pool.get(i));
			}
			List<String> categories = List.of(kind).subList(1, kind.length);
			makeTeam(station.name.replace("新时代文明实践站", kind[0] + "志愿服务分队"), "DETACHMENT", station.id, categories, 30,
					members);
		}
		out.printf("  teams: %d (members %d)%n", teams.size(),
				teams.values().stream().mapToInt(t -> t.members.size()).sum());
	}

	private void makeTeam(String name, String level, String orgUnitId, List<String> categories, int capacity,
			List<Person> people) {
		Person leader = people.get(0);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("level", level);
		body.put("orgUnitId", orgUnitId);
		body.put("categories", categories);
		body.put("capacity", capacity);
		body.put("leaderId", leader.id);
		String id = post("/api/teams", admin, body, 201).id();
		List<Person> members = new ArrayList<>(List.of(leader));
		for (Person member : people.subList(1, people.size())) {
			post("/api/teams/" + id + "/members", admin, Map.of("userId", member.id), 201);
			members.add(member);
		}
		teams.put(id, new Team(id, name, leader, members));
	}

	// ---- store

	private static final Object[][] ITEMS = { { "环保购物袋", "可重复使用的帆布袋", 30 }, { "洗衣液 2kg", "家庭装洗衣液", 80 },
			{ "食用油 5L", "非转基因大豆油", 200 }, { "大米 5kg", "本地优质大米", 150 }, { "毛巾两条装", "纯棉毛巾", 40 },
			{ "保温杯", "不锈钢保温杯 500ml", 120 } };

	private void storeItems() {
		List<Runnable> work = new ArrayList<>();
		for (int s = 0; s < stations.size(); s++) {
			Unit station = stations.get(s);
			Person staff = stationStaff.get(station.id);
			for (int i = 0; i < 3; i++) {
				Object[] item = ITEMS[(s + i * 2) % ITEMS.length];
				work.add(() -> {
					Map<String, Object> body = Map.of("name", item[0], "description", item[1], "pointsCost", item[2],
							"stock", 50, "stationId", station.id);
					// points-service learns the station and the staff scope from events:
					// retry until it has
					Answer answer = eventually(() -> call("POST", "/api/store/items", staff.token, body, Map.of()),
							a -> a.status() == 201);
					itemsByStation.computeIfAbsent(station.id, k -> Collections.synchronizedList(new ArrayList<>()))
						.add(new Item(answer.id(), (String) item[0], (Integer) item[2]));
				});
			}
		}
		parallel("store items", work);
	}

	// ---- orders

	/** Realistic titles and descriptions per category. */
	private static final Map<String, String[][]> TITLES = new LinkedHashMap<>();

	static {
		TITLES.put("ELDERLY", new String[][] { { "帮独居老人买菜", "老人腿脚不便，每周需要帮忙买一次菜" },
				{ "陪同老人到医院复查", "子女在外地，需要志愿者陪同去市三院复查" }, { "给空巢老人读报聊天", "老人希望有人陪着聊聊天、读读报" } });
		TITLES.put("HEALTH", new String[][] { { "上门量血压", "家中老人高血压，想请志愿者上门测量并讲解用药" }, { "社区义诊", "希望组织一次社区义诊，测血糖、量血压" },
				{ "心理疏导", "家人情绪低落，想找志愿者聊一聊" } });
		TITLES.put("LAW", new String[][] { { "法律咨询", "邻里纠纷，想咨询相关法律规定" }, { "帮忙审阅租房合同", "第一次租房，担心合同有问题" },
				{ "劳动纠纷咨询", "被拖欠工资，想了解怎么维权" } });
		TITLES.put("POLICY", new String[][] { { "政策宣讲进社区", "希望讲一讲新的医保政策" }, { "养老保险政策解读", "想了解城乡居民养老保险怎么交" },
				{ "惠民政策宣传", "为小区居民讲解惠民补贴申领" } });
		TITLES.put("THEORY", new String[][] { { "党的创新理论宣讲", "小区党支部组织学习，希望有宣讲员来讲" }, { "理论宣讲进楼院", "楼院居民想听身边的宣讲" } });
		TITLES.put("ETHICS", new String[][] { { "文明家庭评选宣传", "社区开展文明家庭评选，需要志愿者帮忙宣传" }, { "移风易俗宣传", "倡导红事新办、白事简办" } });
		TITLES.put("CULTURE",
				new String[][] { { "广场舞教学", "社区阿姨们想学新的广场舞" }, { "书法进社区", "给孩子们教写春联" }, { "社区文艺演出", "重阳节想办一场文艺演出" } });
		TITLES.put("SCIENCE", new String[][] { { "教老人使用智能手机", "想学用手机挂号、视频通话" }, { "防范电信诈骗讲座", "老人常接到诈骗电话" } });
		TITLES.put("HOUSEKEEPING",
				new String[][] { { "上门理发", "卧床老人需要上门理发" }, { "家电维修", "家里洗衣机不转了" }, { "帮忙打扫卫生", "老人独居，家里需要大扫除" } });
		TITLES.put("ENVIRONMENT", new String[][] { { "楼道清理小广告", "楼道里小广告太多" }, { "垃圾分类指导", "小区刚开始垃圾分类，需要有人指导" },
				{ "清理小区绿化带垃圾", "绿化带里垃圾堆积" } });
	}

	private static final String[] ROADS = { "御河东路", "文瀛湖街", "迎宾街", "魏都大道", "永泰南路", "云中路", "大西街", "鼓楼东街" };

	private static final String[] THANKS = { "服务很周到，谢谢志愿者！", "来得很及时，非常满意", "态度好，解决了大问题", "很耐心，老人很高兴", "还可以，下次希望早点到" };

	private static final String[] REJECT_REASONS = { "队员本周都有任务，人手不足", "服务地点太远，建议就近派单", "该需求不在本队专长范围" };

	record Plan(int index, Fate fate, String category, Unit station, int ageMinutes) {
	}

	private void orders() {
		List<Plan> plans = new ArrayList<>();
		int maxAge = size.days * 24 * 60;
		List<Fate> fates = Fate.plan(size.orders, random);
		for (int i = 0; i < size.orders; i++) {
			Fate fate = fates.get(i);
			String category = ALL_CATEGORIES[random.nextInt(ALL_CATEGORIES.length)];
			Unit station = stations.get(random.nextInt(stations.size()));
			int age = switch (fate) {
				// evaluated and cancelled: any time in the range, more of them in recent
				// weeks
				case EVALUATED, REJECTED_THEN_EVALUATED, CANCELLED ->
					(int) (maxAge * Math.pow(random.nextDouble(), 1.3)) + 60;
				// waiting for the resident's rating: within the 7-day window
				case COMPLETED -> 60 + random.nextInt(5 * 24 * 60);
				// accepted or in service, still within the 72-hour SLA
				case ACCEPTED, IN_SERVICE -> 30 + random.nextInt(36 * 60);
				// overdue: 4 to 20 days ago, past the SLA
				case ACCEPTED_OVERDUE, IN_SERVICE_OVERDUE -> 4 * 24 * 60 + random.nextInt(16 * 24 * 60);
				case UNASSIGNED -> 30 + random.nextInt(3 * 24 * 60);
				case DISPATCHED -> 0;
			};
			plans.add(new Plan(i, fate, category, station, Math.min(age, maxAge)));
		}
		// the orders that end finished first, those that stay open last: made the other
		// way round, the open
		// ones would fill the teams' capacity and the residents' allowance while the rest
		// still need them
		plans.sort(Comparator.comparing((Plan plan) -> plan.fate().staysOpen()));
		Semaphore slots = new Semaphore(size.workers);
		AtomicInteger done = new AtomicInteger();
		long begin = System.nanoTime();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> futures = new ArrayList<>();
			for (Plan plan : plans) {
				slots.acquireUninterruptibly();
				futures.add(executor.submit(() -> {
					try {
						order(plan);
					}
					catch (RuntimeException ex) {
						// one order the platform refused (a 409 from a race with its own
						// timers) does not stop the rest
						finalStatus.merge("FAILED", 1, Integer::sum);
						out.println("  order " + plan.index + " left as it was: " + ex.getMessage());
					}
					finally {
						slots.release();
						int n = done.incrementAndGet();
						if (n % 100 == 0 || n == plans.size()) {
							out.printf("  orders: %d/%d (%d s)%n", n, plans.size(),
									(System.nanoTime() - begin) / 1_000_000_000);
						}
					}
				}));
			}
			for (Future<?> future : futures) {
				join(future);
			}
		}
	}

	private void order(Plan plan) {
		String[] title = TITLES.get(plan.category)[plan.index % TITLES.get(plan.category).length];
		List<Person> residents = residentsByStation.get(plan.station.id);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("category", plan.category);
		body.put("title", title[0]);
		body.put("description", title[1]);
		body.put("stationId", plan.station.id);
		body.put("address", "平城区" + ROADS[plan.index % ROADS.length] + (plan.index % 90 + 1) + "号"
				+ (plan.index % 6 + 1) + "单元" + (plan.index % 5 + 1) + "0" + (plan.index % 4 + 1));
		// at most 3 open orders per resident and station: the next resident when one has
		// them
		Person resident = null;
		Answer placed = null;
		for (int r = 0; r < residents.size() && placed == null; r++) {
			Person candidate = residents.get((plan.index + r) % residents.size());
			body.put("contactPhone", candidate.phone);
			String key = UUID.randomUUID().toString();
			Answer answer = eventually(
					() -> call("POST", "/api/orders", candidate.token, body, Map.of("Idempotency-Key", key)),
					a -> a.status() == 201 || a.status() == 409);
			if (answer.status() == 201) {
				placed = answer;
				resident = candidate;
			}
		}
		if (placed == null) {
			throw new IllegalStateException("every resident of " + plan.station.name + " has 3 open orders");
		}
		String id = placed.id();
		Person owner = resident;
		JsonNode order = awaitOrder(id, owner.token, o -> !"PLACED".equals(status(o)));
		Fate fate = plan.fate;
		if (fate == Fate.UNASSIGNED) {
			// every eligible team rejects it in turn (退单), until none is left
			for (int i = 0; i < 8 && "DISPATCHED".equals(status(order)); i++) {
				Team team = teams.get(order.get("teamId").asString());
				String before = order.get("teamId").asString();
				call("POST", "/api/orders/" + id + "/reject", team.leader.token,
						Map.of("reason", REJECT_REASONS[(plan.index + i) % REJECT_REASONS.length]), Map.of())
					.expect(200);
				order = awaitOrder(id, owner.token,
						o -> !"DISPATCHED".equals(status(o)) || !before.equals(o.get("teamId").asString()));
			}
		}
		else if (fate == Fate.CANCELLED && "DISPATCHED".equals(status(order))
				|| fate == Fate.CANCELLED && "UNASSIGNED".equals(status(order))) {
			order = post("/api/orders/" + id + "/cancel", owner.token, Map.of("reason", "家人已经帮忙解决了"), 200).json();
		}
		else if (fate != Fate.DISPATCHED && fate != Fate.CANCELLED && "DISPATCHED".equals(status(order))) {
			if (fate == Fate.REJECTED_THEN_EVALUATED) {
				Team first = teams.get(order.get("teamId").asString());
				call("POST", "/api/orders/" + id + "/reject", first.leader.token,
						Map.of("reason", REJECT_REASONS[plan.index % REJECT_REASONS.length]), Map.of())
					.expect(200);
				order = awaitOrder(id, owner.token,
						o -> !"DISPATCHED".equals(status(o)) || !first.id.equals(o.get("teamId").asString()));
			}
			if ("DISPATCHED".equals(status(order))) {
				order = serve(plan, id, owner, order);
			}
		}
		String status = status(order);
		finalStatus.merge(status, 1, Integer::sum);
		boolean late = (fate == Fate.ACCEPTED_OVERDUE || fate == Fate.IN_SERVICE_OVERDUE)
				&& ("ACCEPTED".equals(status) || "IN_SERVICE".equals(status));
		if (late) {
			overdue.incrementAndGet();
		}
		// a dispatched order is not moved: its accept deadline would pass and send it on
		int age = "DISPATCHED".equals(status) ? 0 : ("ACCEPTED".equals(status) || "IN_SERVICE".equals(status)) && !late
				? Math.min(plan.ageMinutes, 36 * 60) : plan.ageMinutes;
		if (age > 0) {
			// the steps of its story minutes to hours apart, as a district's orders go (5
			// to 124 minutes)
			shifts.add(Map.of("orderId", id, "minutes", age, "stepMinutes", 5 + (plan.index * 37) % 120));
		}
	}

	/** Accept, and carry on as far as the plan says. */
	private JsonNode serve(Plan plan, String id, Person resident, JsonNode order) {
		Team team = teams.get(order.get("teamId").asString());
		List<Person> crew = new ArrayList<>();
		crew.add(team.leader);
		int extra = Math.min(team.members.size() - 1, 1 + plan.index % 2);
		for (int i = 0; i < extra; i++) {
			crew.add(team.members.get(1 + (plan.index + i) % (team.members.size() - 1)));
		}
		List<String> crewIds = crew.stream().map(p -> p.id).toList();
		// memberships reach order-service as events: retry until they have
		order = eventually(() -> call("POST", "/api/orders/" + id + "/accept", team.leader.token,
				Map.of("volunteerIds", crewIds), Map.of()), a -> a.status() == 200)
			.json();
		if (plan.fate == Fate.ACCEPTED || plan.fate == Fate.ACCEPTED_OVERDUE) {
			return order;
		}
		order = post("/api/orders/" + id + "/start", team.leader.token, Map.of(), 200).json();
		if (plan.fate == Fate.IN_SERVICE || plan.fate == Fate.IN_SERVICE_OVERDUE) {
			return order;
		}
		List<Map<String, Object>> hours = new ArrayList<>();
		for (int i = 0; i < crew.size(); i++) {
			hours.add(Map.of("volunteerId", crew.get(i).id, "hours",
					List.of(1, 1.5, 2, 2.5, 3).get((plan.index + i) % 5)));
		}
		order = post("/api/orders/" + id + "/complete", team.leader.token,
				Map.of("summary", "已按约定完成服务，居民满意", "hours", hours), 200)
			.json();
		int rating = (plan.index % 10 == 0) ? 3 : (plan.index % 3 == 0) ? 4 : 5;
		if (plan.fate == Fate.COMPLETED) {
			if (plan.index % 2 == 0) {
				order = post("/api/orders/" + id + "/evaluations", resident.token,
						Map.of("rating", rating, "comment", THANKS[plan.index % THANKS.length]), 200)
					.json();
			}
			return order;
		}
		post("/api/orders/" + id + "/evaluations", resident.token,
				Map.of("rating", rating, "comment", THANKS[plan.index % THANKS.length]), 200);
		Person staff = stationStaff.get(plan.station.id);
		return post("/api/orders/" + id + "/evaluations", staff.token,
				Map.of("rating", Math.max(3, rating - plan.index % 2), "comment", "服务记录完整，按时办结"), 200)
			.json();
	}

	private JsonNode awaitOrder(String id, String token, Predicate<JsonNode> done) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			JsonNode order = call("GET", "/api/orders/" + id, token, null, Map.of()).expect(200).json();
			if (done.test(order) || System.nanoTime() > deadline) {
				return order;
			}
			sleep(300);
		}
	}

	private static String status(JsonNode order) {
		return order.get("status").asString();
	}

	// ---- back-dating

	private int backdate() {
		List<Map<String, Object>> all = new ArrayList<>(shifts);
		int shifted = 0;
		for (int from = 0; from < all.size(); from += 500) {
			List<Map<String, Object>> batch = all.subList(from, Math.min(all.size(), from + 500));
			shifted += post("/api/orders/demo/backdate", admin, Map.of("orders", batch), 200).json()
				.get("shifted")
				.asInt();
		}
		out.printf("  back-dated %d orders over the past %d days%n", shifted, size.days);
		return shifted;
	}

	// ---- redemptions

	private Map<String, Integer> redemptions() {
		awaitAwards();
		Map<String, Integer> byStatus = new ConcurrentHashMap<>();
		List<Person> redeemers = new ArrayList<>(volunteers);
		Collections.shuffle(redeemers, random);
		List<Runnable> work = new ArrayList<>();
		AtomicInteger made = new AtomicInteger();
		for (int i = 0; i < redeemers.size(); i++) {
			Person volunteer = redeemers.get(i);
			int n = i;
			work.add(() -> {
				if (made.get() >= size.redemptions) {
					return;
				}
				// the VOLUNTEER role comes with a login after becoming a volunteer;
				// awards arrive as events
				String token = login(volunteer.phone, PASSWORD);
				int balance = call("GET", "/api/points/accounts/me", token, null, Map.of()).expect(200)
					.json()
					.get("balance")
					.asInt();
				Item item = itemsByStation.get(volunteer.stationId)
					.stream()
					.filter(it -> it.cost <= balance)
					.min((a, b) -> Integer.compare(a.cost, b.cost))
					.orElse(null);
				if (item == null || made.incrementAndGet() > size.redemptions) {
					return;
				}
				JsonNode redemption = post("/api/store/redemptions", token, Map.of("itemId", item.id, "quantity", 1),
						201, Map.of("Idempotency-Key", UUID.randomUUID().toString()))
					.json();
				String id = redemption.get("id").asString();
				String status = "RESERVED";
				if (n % 10 < 6) {
					post("/api/store/redemptions/" + id + "/fulfil", stationStaff.get(volunteer.stationId).token,
							Map.of("pickupCode", redemption.get("pickupCode").asString()), 200);
					status = "FULFILLED";
				}
				else if (n % 10 == 6) {
					post("/api/store/redemptions/" + id + "/cancel", token, Map.of(), 200);
					status = "CANCELLED";
				}
				byStatus.merge(status, 1, Integer::sum);
			});
		}
		parallel("redemptions", work);
		return new java.util.TreeMap<>(byStatus);
	}

	/**
	 * Points are awarded from order events: wait until the points issued stop growing (a
	 * minute at most).
	 */
	private void awaitAwards() {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		long last = -1;
		int stable = 0;
		while (stable < 3 && System.nanoTime() < deadline) {
			long issued = call("GET", "/api/points/ledger/check", admin, null, Map.of()).expect(200)
				.json()
				.get("issued")
				.asLong();
			stable = (issued == last && issued > 0) ? stable + 1 : 0;
			last = issued;
			sleep(1000);
		}
		out.printf("  points awarded: %d%n", last);
	}

	// ---- output

	private void print(Summary s) {
		out.println();
		out.println("================ 演示数据已生成 · demo data made (" + s.seconds() + " s) ================");
		out.printf("  org units   %d (1 centre %s, %d institutes, %d stations)%n", s.orgUnits(), CENTRE,
				institutes.size(), stations.size());
		out.printf("  people      %d staff, %d volunteers, %d residents (password %s)%n", s.staff(), s.volunteers(),
				s.residents(), PASSWORD);
		out.printf("  teams       %d; store items %d%n", s.teams(), s.storeItems());
		out.printf("  orders      %d %s, %d overdue; %d back-dated over %d days%n", s.orders(), s.ordersByStatus(),
				s.overdue(), s.backdated(), size.days);
		out.printf("  redemptions %s%n", s.redemptionsByStatus());
		out.printf("  sign in as the centre's staff: phone %s, password %s%n", staffPhone(1), PASSWORD);
		out.printf("    an institute's (%s): %s; a station's (%s): %s%n", institutes.getFirst().name(), staffPhone(2),
				stations.getFirst().name(), staffPhone(2 + institutes.size()));
		out.println("==========================================================================");
	}

	// ---- HTTP

	private void parallel(String what, List<Runnable> work) {
		Semaphore slots = new Semaphore(size.workers);
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> futures = new ArrayList<>();
			for (Runnable task : work) {
				slots.acquireUninterruptibly();
				futures.add(executor.submit(() -> {
					try {
						task.run();
					}
					finally {
						slots.release();
					}
				}));
			}
			futures.forEach(DemoData::join);
		}
	}

	private static void join(Future<?> future) {
		try {
			future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException re) ? re : new IllegalStateException(ex.getCause());
		}
	}

	private String login(String phone, String password) {
		return post("/api/auth/login", null, Map.of("phone", phone, "password", password), 200).json()
			.get("accessToken")
			.asString();
	}

	private Answer post(String path, String token, Object body, int expected) {
		return call("POST", path, token, body, Map.of()).expect(expected);
	}

	private Answer post(String path, String token, Object body, int expected, Map<String, String> headers) {
		return call("POST", path, token, body, headers).expect(expected);
	}

	private static Answer eventually(java.util.function.Supplier<Answer> call, Predicate<Answer> done) {
		return eventually(call, done, Duration.ofSeconds(60));
	}

	private static Answer eventually(java.util.function.Supplier<Answer> call, Predicate<Answer> done,
			Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (true) {
			Answer answer = call.get();
			if (done.test(answer) || System.nanoTime() > deadline) {
				return answer;
			}
			sleep(500);
		}
	}

	/**
	 * One call; a 429 waits for its Retry-After, a 503 or a broken connection is tried
	 * again a few times.
	 */
	Answer call(String method, String path, String token, Object body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json, application/problem+json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		HttpRequest built = request.build();
		for (int attempt = 0;; attempt++) {
			try {
				HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 429 && attempt < 100) {
					sleep(1000 * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
					continue;
				}
				if (response.statusCode() == 503 && attempt < 10) {
					sleep(1000);
					continue;
				}
				return new Answer(method + " " + path, response.statusCode(), response.body());
			}
			catch (IOException ex) {
				if (attempt >= 5) {
					throw new IllegalStateException(method + " " + path + " failed: " + ex, ex);
				}
				sleep(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Answer(String request, int status, String body) {

		JsonNode json() {
			return (body == null || body.isBlank()) ? JSON.missingNode() : JSON.readTree(body);
		}

		Answer expect(int expected) {
			if (status != expected) {
				throw new IllegalStateException(
						request + " answered " + status + " (expected " + expected + "): " + body);
			}
			return this;
		}

		String id() {
			return json().get("id").asString();
		}

	}

}
