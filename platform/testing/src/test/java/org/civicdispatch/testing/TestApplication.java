package org.civicdispatch.testing;

import org.springframework.boot.SpringBootConfiguration;

/**
 * The empty application the @SpringBootTest classes of this module start: no
 * auto-configuration.
 */
@SpringBootConfiguration
class TestApplication {

}
