package org.civicdispatch.gateway.edge;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.civicdispatch.web.ClientAddress;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address of the client behind a request, as the gateway tells the services in
 * {@link ClientAddress#HEADER} and limits request rates by. With {@code trusted-proxies}
 * 0 it is the connection's peer; with n proxies in front, each appending to
 * {@code X-Forwarded-For}, it is the n-th entry from the right, the one the outermost
 * proxy saw (entries further left are whatever the client chose to send). Only IP address
 * text is taken, and no name is ever looked up.
 */
@Component
public class ClientAddresses {

	private static final String ATTRIBUTE = ClientAddresses.class.getName();

	private static final String X_FORWARDED_FOR = "X-Forwarded-For";

	// The same shape ClientAddress accepts on the services' side.
	private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private final int trustedProxies;

	ClientAddresses(ClientAddressProperties properties) {
		this.trustedProxies = properties.trustedProxies();
	}

	/** The client address of this request, resolved once per exchange. */
	public String of(ServerWebExchange exchange) {
		String cached = exchange.getAttribute(ATTRIBUTE);
		if (cached != null) {
			return cached;
		}
		String address = resolve(exchange);
		exchange.getAttributes().put(ATTRIBUTE, address);
		return address;
	}

	private String resolve(ServerWebExchange exchange) {
		if (trustedProxies > 0) {
			List<String> forwarded = forwardedFor(exchange);
			if (!forwarded.isEmpty()) {
				String candidate = forwarded.get(Math.max(0, forwarded.size() - trustedProxies));
				if (ADDRESS.matcher(candidate).matches()) {
					return candidate;
				}
			}
		}
		InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
		if (peer == null || peer.getAddress() == null) {
			return "unknown";
		}
		String text = peer.getAddress().getHostAddress();
		int scope = text.indexOf('%');
		return scope >= 0 ? text.substring(0, scope) : text;
	}

	/**
	 * Every {@code X-Forwarded-For} entry, left to right, over all the header's lines.
	 */
	private static List<String> forwardedFor(ServerWebExchange exchange) {
		List<String> entries = new ArrayList<>();
		for (String line : exchange.getRequest().getHeaders().getOrEmpty(X_FORWARDED_FOR)) {
			for (String entry : line.split(",")) {
				if (!entry.isBlank()) {
					entries.add(entry.trim());
				}
			}
		}
		return entries;
	}

}
