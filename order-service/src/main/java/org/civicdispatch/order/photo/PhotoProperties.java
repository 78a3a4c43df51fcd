package org.civicdispatch.order.photo;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.photos.*}: where photos are stored. {@code storage}: {@code filesystem} (a
 * folder, {@code directory}) or {@code s3} (an S3-compatible store such as MinIO,
 * {@code s3.*}).
 */
@ConfigurationProperties("civic.photos")
record PhotoProperties(@DefaultValue("filesystem") Kind storage, @DefaultValue("./photos") Path directory,
		@DefaultValue S3 s3) {

	enum Kind {

		FILESYSTEM, S3

	}

	/**
	 * @param endpoint the store's URL ({@code http://minio:9000}); none means AWS itself
	 * @param pathStyle {@code http://host/bucket/key} rather than
	 * {@code http://bucket.host/key}, as MinIO wants
	 */
	record S3(URI endpoint, @DefaultValue("us-east-1") String region, @DefaultValue("civic-photos") String bucket,
			String accessKey, String secretKey, @DefaultValue("true") boolean pathStyle) {
	}

}
