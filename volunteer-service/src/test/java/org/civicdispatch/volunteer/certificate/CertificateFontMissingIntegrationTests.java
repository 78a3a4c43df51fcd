package org.civicdispatch.volunteer.certificate;

import java.util.Map;

import org.civicdispatch.testing.WithRealInfra;
import org.civicdispatch.volunteer.Api;
import org.civicdispatch.volunteer.Api.User;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A machine without the certificate font: the service runs, the certificate is a 503 that
 * names the package.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.seed-admin=true", "civic.certificate.font=/nonexistent/fonts/wqy-zenhei.ttc" })
@WithRealInfra
class CertificateFontMissingIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient database;

	@Test
	void withoutTheFontTheCertificateIsA503NamingThePackageAndNothingIsIssued() {
		Api api = new Api(port);
		String admin = api.adminToken();
		User volunteer = api.volunteer("陈无字", api.tree(admin, "无字").get(2));

		Map<String, Object> problem = api.get("/api/volunteers/" + volunteer.id() + "/certificate.pdf",
				volunteer.token(), HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(problem).containsEntry("status", 503).containsEntry("detail", "证书字体未安装（fonts-wqy-zenhei）");
		assertThat(database.sql("select count(*) from certificates")
			.map((row, meta) -> row.get(0, Long.class))
			.one()
			.block()).isZero();
		// the rest of the service, the check of codes included, works as ever
		api.get("/api/volunteers/" + volunteer.id(), volunteer.token(), HttpStatus.OK);
		assertThat(api.get("/api/certificates/23456789ABCD", null, HttpStatus.OK)).containsEntry("valid", false);
	}

}
