package org.civicdispatch.testing;

/** A {@link KafkaServer} that {@link Infra} started and stops when the JVM exits. */
abstract class ManagedKafkaServer implements KafkaServer {

	abstract void stop();

}
