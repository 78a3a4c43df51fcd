package org.civicdispatch.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

/**
 * Runs a {@code @SpringBootTest} class against real PostgreSQL and Kafka ({@link Infra}):
 * a fresh database named after the test class, and these properties, which win over every
 * other source:
 * <ul>
 * <li>{@code spring.r2dbc.url}, {@code spring.r2dbc.username},
 * {@code spring.r2dbc.password}</li>
 * <li>{@code spring.flyway.url}, {@code spring.flyway.user},
 * {@code spring.flyway.password}</li>
 * <li>{@code spring.kafka.bootstrap-servers}</li>
 * <li>{@code civic.security.jwks-uri}, {@code civic.security.issuer}
 * ({@link TestTokens})</li>
 * <li>{@code civic.messaging.group-suffix} = {@code "-" + database name}, so the class's
 * listeners form consumer groups of their own</li>
 * </ul>
 * The context is closed after the class (its Kafka listeners stop with it); contexts are
 * never shared between test classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
public @interface WithRealInfra {

}
