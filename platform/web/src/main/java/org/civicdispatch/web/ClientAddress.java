package org.civicdispatch.web;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;

import org.springframework.web.server.ServerWebExchange;

/**
 * The address of the client a request comes from. The gateway, the only public entry,
 * replaces any {@link #HEADER} a client sent with the address it resolved (trusting only
 * its configured proxies); a request straight to a service's port falls back to the
 * connection's peer.
 */
public final class ClientAddress {

	public static final String HEADER = "X-Client-Address";

	// IPv4 or IPv6 text only: the value ends up in a database column and in logs.
	private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private ClientAddress() {
	}

	public static String of(ServerWebExchange exchange) {
		String forwarded = exchange.getRequest().getHeaders().getFirst(HEADER);
		if (forwarded != null && ADDRESS.matcher(forwarded).matches()) {
			return forwarded;
		}
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote != null && remote.getAddress() != null) {
			return remote.getAddress().getHostAddress();
		}
		return "unknown";
	}

}
