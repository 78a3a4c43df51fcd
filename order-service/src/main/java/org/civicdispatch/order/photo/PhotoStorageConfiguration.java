package org.civicdispatch.order.photo;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The photo storage {@code civic.photos.storage} names. */
@Configuration(proxyBeanMethods = false)
class PhotoStorageConfiguration {

	@Bean
	PhotoStorage photoStorage(PhotoProperties properties) {
		return switch (properties.storage()) {
			case FILESYSTEM -> new FilesystemPhotoStorage(properties.directory());
			case S3 -> new S3PhotoStorage(s3Client(properties.s3()), properties.s3().bucket());
		};
	}

	static S3Client s3Client(PhotoProperties.S3 s3) {
		S3ClientBuilder builder = S3Client.builder()
			.httpClient(UrlConnectionHttpClient.create())
			.region(Region.of(s3.region()))
			.forcePathStyle(s3.pathStyle());
		if (s3.endpoint() != null && !s3.endpoint().toString().isBlank()) {
			builder.endpointOverride(s3.endpoint());
		}
		if (s3.accessKey() != null && !s3.accessKey().isBlank()) {
			builder.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
		}
		else {
			builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
		}
		return builder.build();
	}

}
