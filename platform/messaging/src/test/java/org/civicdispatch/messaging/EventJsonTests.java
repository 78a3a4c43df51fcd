package org.civicdispatch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.IntegrationEvent;
import org.civicdispatch.events.UserRegistered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTests {

	private final EventJson json = new EventJson();

	@Test
	void readsWhatItWrote() {
		EventEnvelope<UserRegistered> sent = EventEnvelope.of("/volunteer-service",
				new UserRegistered(UUID.randomUUID(), "王五"));

		EventEnvelope<IntegrationEvent> read = this.json.read(this.json.write(sent));

		assertThat(read).isEqualTo(sent);
	}

	@Test
	void ignoresFieldsItDoesNotKnow() {
		UUID user = UUID.randomUUID();
		String wire = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/volunteer-service\",\"type\":\"UserRegistered\","
				+ "\"subject\":\"" + user + "\",\"extension\":1,\"data\":{\"userId\":\"" + user
				+ "\",\"name\":\"赵六\",\"nickname\":\"小赵\"}}";

		assertThat(this.json.read(wire).data()).isEqualTo(new UserRegistered(user, "赵六"));
	}

	@Test
	void tellsAnUnknownTypeFromAMalformedEvent() {
		assertThatThrownBy(() -> this.json
			.read("{\"specversion\":\"1.0\",\"id\":\"e2\",\"source\":\"/x\",\"type\":\"Newer\",\"data\":{}}"))
			.isInstanceOfSatisfying(UnknownEventTypeException.class, unknown -> {
				assertThat(unknown.eventId()).isEqualTo("e2");
				assertThat(unknown.type()).isEqualTo("Newer");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "[1,2]", "{\"id\":\"e3\"}",
			"{\"id\":\"e4\",\"source\":\"/x\",\"type\":\"UserRegistered\"}",
			"{\"id\":\"e5\",\"source\":\"/x\",\"type\":\"UserRegistered\",\"time\":\"yesterday\",\"data\":{}}",
			"{\"id\":\"e6\",\"type\":\"UserRegistered\",\"data\":{}}" })
	void rejectsWhatIsNotAnEvent(String wire) {
		assertThatThrownBy(() -> this.json.read(wire)).isInstanceOf(MalformedEventException.class);
	}

}
