package org.civicdispatch.order.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.live.*}: the live-update stream. {@code heartbeat}: how often an idle
 * stream gets a comment line, so that proxies keep it open; {@code retention}: how long
 * feed rows are kept; {@code resumeWindow} and {@code resumeLimit}: how far back, and how
 * many events at most, a reconnecting client is sent; {@code maxStreamsPerUser}: open
 * streams per user and instance; {@code pollInterval}: how often the feed is read when no
 * notification arrives (a safety net); {@code buffer}: events one slow client may fall
 * behind before its stream is closed (it then reconnects and resumes).
 */
@ConfigurationProperties("civic.live")
record LiveProperties(@DefaultValue("15s") Duration heartbeat, @DefaultValue("24h") Duration retention,
		@DefaultValue("24h") Duration resumeWindow, @DefaultValue("500") int resumeLimit,
		@DefaultValue("5") int maxStreamsPerUser, @DefaultValue("5s") Duration pollInterval,
		@DefaultValue("500") int batchSize, @DefaultValue("1000") int buffer) {
}
