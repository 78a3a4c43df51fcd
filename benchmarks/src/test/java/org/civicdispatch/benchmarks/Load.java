package org.civicdispatch.benchmarks;

/** Load settings, overridable with -D on the command line. */
final class Load {

	static final int WARMUP_SECONDS = Integer.getInteger("warmupSeconds", 60);

	static final int SECONDS = Integer.getInteger("seconds", 30);

	static final int RATE = Integer.getInteger("rate", 200);

	/** Concurrent requests in flight for the saturation runs. */
	static final int CONCURRENCY = Integer.getInteger("concurrency", 64);

	private Load() {
	}

}
