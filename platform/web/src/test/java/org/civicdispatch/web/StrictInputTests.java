package org.civicdispatch.web;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service refuses in a request, over real HTTP: each case is a 400 problem
 * naming the field, never a value quietly changed and never a 500. The sample body
 * ({@link WebTestApplication.Sample}) has one field of each kind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "civic.security.issuer=" + LocalTokens.ISSUER)
class StrictInputTests {

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("civic.security.jwks-uri", LocalTokens::jwksUri);
	}

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void client() {
		client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void aNormalBodyIsReadAsSent() {
		post("""
				{"title": "社区助老", "note": "第一行\\n第二行\\t缩进\\r\\n👨‍👩‍👧 一家人 🏴󠁧󠁢󠁳󠁣󠁴󠁿", "count": 3, "amount": -7,
				 "total": 9007199254740993, "hours": 2.50, "ratio": 0.30000000000000004, "weight": 1e-7,
				 "active": true, "shade": "DARK", "tags": ["甲", "乙"], "multipliers": {"助老": 1.5},
				 "unknownFieldFromANewerClient": {"nested": [1, 2, 3]}}""").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("社区助老")
			.jsonPath("$.note")
			.isEqualTo("第一行\n第二行\t缩进\r\n👨‍👩‍👧 一家人 🏴󠁧󠁢󠁳󠁣󠁴󠁿")
			.jsonPath("$.count")
			.isEqualTo(3)
			.jsonPath("$.amount")
			.isEqualTo(-7)
			.jsonPath("$.hours")
			.isEqualTo(2.50)
			.jsonPath("$.shade")
			.isEqualTo("DARK")
			.jsonPath("$.multipliers['助老']")
			.isEqualTo(1.5);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					4.5 for an Integer                    | {"count": 4.5}                     | count  | 必须是整数
					4.0 for an Integer                    | {"count": 4.0}                     | count  | 必须是整数
					1e2 for an Integer                    | {"count": 1e2}                     | count  | 必须是整数
					"1" for an Integer                    | {"count": "1"}                     | count  | 必须是整数
					1.5 for an int                        | {"amount": 1.5}                    | amount | 必须是整数
					true for an int                       | {"amount": true}                   | amount | 必须是整数
					null for an int                       | {"amount": null}                   | amount | 不能为空
					no value for an int                   | {"title": "a"}                     | amount | 不能为空
					"" for an int                         | {"amount": ""}                     | amount | 必须是整数
					2.5 for a Long                        | {"total": 2.5}                     | total  | 必须是整数
					an int past its range                 | {"amount": 99999999999}            | amount | 数值超出取值范围
					"2.5" for a BigDecimal                | {"hours": "2.5"}                   | hours  | 必须是数字
					1 for a Boolean                       | {"active": 1}                      | active | 必须是 true 或 false
					"true" for a Boolean                  | {"active": "true"}                 | active | 必须是 true 或 false
					a number for an enum                  | {"shade": 1}                       | shade  | 格式或取值不正确
					an unknown enum name                  | {"shade": "NOPE"}                  | shade  | 格式或取值不正确
					1e-2000 for a BigDecimal              | {"hours": 1e-2000}                 | hours  | 数值超出允许范围
					1e-1500 for a BigDecimal              | {"hours": 1e-1500}                 | hours  | 数值超出允许范围
					1e999 for a BigDecimal                | {"hours": 1e999}                   | hours  | 数值超出允许范围
					1e-20000 for a BigDecimal             | {"hours": 1e-20000}                | hours  | 数值超出允许范围
					11 decimal places for a BigDecimal    | {"hours": 0.00000000001}           | hours  | 数值超出允许范围
					31 digits for a BigDecimal            | {"hours": 1234567890123456789012345678901} | hours | 数值超出允许范围
					1e-2000 for a Double                  | {"ratio": 1e-2000}                 | ratio  | 数值超出允许范围
					1e999 for a Double                    | {"ratio": 1e999}                   | ratio  | 数值超出允许范围
					1e-20000 for a Double                 | {"ratio": 1e-20000}                | ratio  | 数值超出允许范围
					"NaN" for a Double                    | {"ratio": "NaN"}                   | ratio  | 数值超出允许范围
					1e999 for a Float                     | {"weight": 1e999}                  | weight | 数值超出允许范围
					-1e999 for a Float                    | {"weight": -1e999}                 | weight | 数值超出允许范围
					a 101-digit number                    | {"count": 12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901} | body  | 数字位数过多
					NUL in a string                       | {"title": "a\\u0000b"}             | title  | 不能包含控制字符或不可见字符
					BEL in a string                       | {"note": "a\\u0007b"}              | note   | 不能包含控制字符或不可见字符
					DEL in a string                       | {"note": "a\\u007fb"}              | note   | 不能包含控制字符或不可见字符
					a C1 control in a string              | {"note": "a\\u0085b"}              | note   | 不能包含控制字符或不可见字符
					right-to-left override                | {"title": "abc\\u202Etxt.exe"}     | title  | 不能包含控制字符或不可见字符
					right-to-left isolate                 | {"title": "abc\\u2067x"}           | title  | 不能包含控制字符或不可见字符
					left-to-right mark                    | {"title": "abc\\u200Ex"}           | title  | 不能包含控制字符或不可见字符
					Arabic letter mark                    | {"title": "abc\\u061Cx"}           | title  | 不能包含控制字符或不可见字符
					zero-width space                      | {"title": "张\\u200B三"}            | title  | 不能包含控制字符或不可见字符
					zero-width joiner between letters     | {"title": "张\\u200D三"}            | title  | 不能包含控制字符或不可见字符
					word joiner                           | {"title": "张\\u2060三"}            | title  | 不能包含控制字符或不可见字符
					byte order mark                       | {"title": "\\uFEFF张三"}            | title  | 不能包含控制字符或不可见字符
					soft hyphen                           | {"title": "张\\u00AD三"}            | title  | 不能包含控制字符或不可见字符
					Hangul filler as a whole name         | {"title": "\\u3164"}               | title  | 不能包含控制字符或不可见字符
					line separator                        | {"note": "a\\u2028b"}              | note   | 不能包含控制字符或不可见字符
					a lone high surrogate                 | {"note": "a\\uD800b"}              | note   | 不能包含控制字符或不可见字符
					a lone low surrogate                  | {"note": "a\\uDC00"}               | note   | 不能包含控制字符或不可见字符
					an invisible character in a list      | {"tags": ["ok", "b\\u200Bad"]}     | tags[1] | 不能包含控制字符或不可见字符
					an invisible character in a map key   | {"multipliers": {"助\\u200B老": 1}} | multipliers | 不能包含控制字符或不可见字符
					a line break in a one-line field      | {"title": "第一行\\n第二行", "amount": 1} | title | 不能包含换行或制表符
					a tab in a one-line field             | {"title": "a\\tb", "amount": 1}    | title  | 不能包含换行或制表符
					a duplicate key                       | {"title": "a", "count": 1, "title": "b"} | title | 字段重复
					a duplicate key deeper in             | {"multipliers": {"a": 1, "a": 2}}  | multipliers.a | 字段重复
					""")
	void refusedInputIs400NamingTheField(String kind, String body, String field, String message) {
		post(body).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.detail")
			.isEqualTo("请求参数不正确")
			.jsonPath("$.errors.length()")
			.isEqualTo(1)
			.jsonPath("$.errors[0].field")
			.isEqualTo(field)
			.jsonPath("$.errors[0].message")
			.isEqualTo(message);
	}

	@Test
	void rawInvisibleCharactersAreRefusedLikeEscapedOnes() {
		for (String hidden : new String[] { "\u202E", "\u200B", "\u2066", "\uFEFF", "\u0000" }) {
			post("{\"title\": \"abc" + hidden + "def\"}").expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("title")
				.jsonPath("$.errors[0].message")
				.isEqualTo("不能包含控制字符或不可见字符");
		}
	}

	@Test
	void aStringOverTheLengthLimitIsRefused() {
		// ASCII, so that the body stays under the codec's 256 KB (past that it is a 413).
		String note = "x".repeat(100_000);
		post("{\"note\": \"" + note + "\"}").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("note")
			.jsonPath("$.errors[0].message")
			.isEqualTo("文本过长，最多 20000 个字符");
		post("{\"amount\": 1, \"note\": \"" + "长".repeat(20_000) + "\"}").expectStatus().isOk();
	}

	@ParameterizedTest(name = "{0} levels")
	@ValueSource(ints = { 40, 1000 })
	void deepNestingIsRefused(int depth) {
		String arrays = "[".repeat(depth) + "]".repeat(depth);
		post("{\"title\": \"a\", \"unknownField\": " + arrays + "}").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.value((field) -> assertThat(field.toString()).isIn("body", "unknownField"))
			.jsonPath("$.errors[0].message")
			.isEqualTo("嵌套层级过深");
		String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
		post("{\"title\": \"a\", \"unknownField\": " + objects + "}").expectStatus().isBadRequest();
		post("{\"amount\": 1, \"unknownField\": " + "[".repeat(20) + "]".repeat(20) + "}").expectStatus().isOk();
	}

	@Test
	void anythingAfterTheBodyIsRefused() {
		post("{\"amount\": 1} {\"amount\": 2}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("body");
	}

	@Test
	void queryAndPathParametersThatDoNotParseAre400() {
		for (String query : new String[] { "page=1e5", "page=4.5", "page=99999999999", "page=abc", "size=4.5",
				"shade=NOPE", "shade=1" }) {
			String field = query.substring(0, query.indexOf('='));
			client.get()
				.uri("/api/samples?" + query)
				.headers((headers) -> headers.setBearerAuth(resident()))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo(field);
		}
		client.get()
			.uri("/api/samples?page=2&size=10&shade=LIGHT")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.page")
			.isEqualTo(2)
			.jsonPath("$.shade")
			.isEqualTo("LIGHT");
		for (String id : new String[] { "not-a-uuid", "1e5" }) {
			client.get()
				.uri("/api/things/" + id)
				.headers((headers) -> headers.setBearerAuth(resident()))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("id");
		}
	}

	@Test
	void aUrlTheFirewallRefusesIsA400Problem() {
		client.get()
			.uri("/api/things/%00")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("path");
	}

	private WebTestClient.ResponseSpec post(String json) {
		return client.post()
			.uri("/api/samples")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	private static String resident() {
		return LocalTokens.forUser(UUID.randomUUID(), "王五", Set.of("RESIDENT"), Set.of());
	}

}
