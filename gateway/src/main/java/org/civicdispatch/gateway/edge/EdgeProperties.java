package org.civicdispatch.gateway.edge;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code civic.gateway.*} settings of the edge itself.
 *
 * @param maxRequestBody a larger request body is answered 413 before it reaches a service
 * @param maxUploadBody the same for a photo upload ({@code POST
 * /api/orders/{id}/photos}): a photo of up to 5 MB and its multipart envelope;
 * order-service itself refuses a photo over 5 MB
 * @param cors which web origins may call the API from a browser
 */
@ConfigurationProperties("civic.gateway")
record EdgeProperties(@DefaultValue("256KB") DataSize maxRequestBody, @DefaultValue("8MB") DataSize maxUploadBody,
		@DefaultValue Cors cors) {

	/**
	 * @param allowedOrigins exact origins ({@code https://console.example.org}); none
	 * means no cross-origin browser calls at all
	 */
	public record Cors(@DefaultValue("http://localhost:5173") List<String> allowedOrigins) {

		public Cors {
			allowedOrigins = allowedOrigins.stream().map(String::trim).filter((origin) -> !origin.isEmpty()).toList();
		}

	}

}
