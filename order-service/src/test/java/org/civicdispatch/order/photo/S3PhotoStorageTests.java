package org.civicdispatch.order.photo;

import java.net.URI;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 photo storage against an S3 API server in the JVM (S3Proxy over an in-memory
 * store).
 */
class S3PhotoStorageTests extends PhotoStorageContract {

	static final String ACCESS_KEY = "civic-test";

	static final String SECRET_KEY = "civic-test-secret";

	static S3Proxy s3;

	static S3PhotoStorage storage;

	static S3Client client;

	@BeforeAll
	static void startS3() throws Exception {
		s3 = startS3Proxy();
		client = PhotoStorageConfiguration.s3Client(properties(s3.getPort(), "civic-photos-test"));
		storage = new S3PhotoStorage(client, "civic-photos-test");
	}

	/**
	 * S3Proxy on a free port of 127.0.0.1, with AWS signatures, over an in-memory store.
	 */
	static S3Proxy startS3Proxy() throws Exception {
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(new TransientNio2BlobStore())
			.endpoint(URI.create("http://127.0.0.1:0"))
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
			.build();
		proxy.start();
		while (!"STARTED".equals(proxy.getState())) {
			Thread.sleep(10);
		}
		return proxy;
	}

	static PhotoProperties.S3 properties(int port, String bucket) {
		return new PhotoProperties.S3(URI.create("http://127.0.0.1:" + port), "us-east-1", bucket, ACCESS_KEY,
				SECRET_KEY, true);
	}

	@AfterAll
	static void stopS3() throws Exception {
		client.close();
		s3.stop();
	}

	@Override
	PhotoStorage storage() {
		return storage;
	}

	@Test
	void theBucketIsMadeOnFirstUseAndObjectsKeepTheirType() {
		storage.put("f00d", TestImages.png(4, 4), "image/png").block();
		assertThat(client.headObject(b -> b.bucket("civic-photos-test").key("f00d")).contentType())
			.isEqualTo("image/png");
	}

}
