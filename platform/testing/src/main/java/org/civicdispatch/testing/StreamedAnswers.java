package org.civicdispatch.testing;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;

/**
 * Finds handler methods that answer with a stream ({@code Flux} or any other
 * {@link Publisher} of many values) instead of one whole value. A {@code Flux} of rows
 * written straight to the response keeps its pooled database connection for as long as
 * the client reads, and when the client hangs up just as the first row is written,
 * WebFlux does not cancel the query: the connection never comes back. Services read their
 * rows to the end ({@code collectList()}) and answer with a {@link Mono}.
 */
public final class StreamedAnswers {

	private static final String REQUEST_MAPPING = "org.springframework.web.bind.annotation.RequestMapping";

	private StreamedAnswers() {
	}

	/**
	 * {@code Controller#method: return type} of every handler under {@code basePackage}
	 * that answers with a stream.
	 */
	public static List<String> handlersIn(String basePackage) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
		List<String> streaming = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
			Class<?> controller = ClassUtils.resolveClassName(candidate.getBeanClassName(),
					StreamedAnswers.class.getClassLoader());
			for (Method method : controller.getDeclaredMethods()) {
				if (MergedAnnotations.from(method).isPresent(REQUEST_MAPPING)
						&& streams(ResolvableType.forMethodReturnType(method))) {
					streaming.add(controller.getSimpleName() + "#" + method.getName() + ": "
							+ method.getGenericReturnType().getTypeName());
				}
			}
		}
		return streaming;
	}

	/**
	 * Whether the type is, or wraps (in a {@code Mono}, {@code ResponseEntity}...), a
	 * publisher of many values.
	 */
	private static boolean streams(ResolvableType type) {
		Class<?> raw = type.resolve(Object.class);
		if (Publisher.class.isAssignableFrom(raw) && !Mono.class.isAssignableFrom(raw)) {
			return true;
		}
		for (ResolvableType generic : type.getGenerics()) {
			if (streams(generic)) {
				return true;
			}
		}
		return false;
	}

}
