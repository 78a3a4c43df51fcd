package org.civicdispatch.web;

import java.math.BigDecimal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Checks on the values Jackson reads, wrapped around its own deserializers so that
 * everything else they do (nulls, coercion rules, error messages) stays as it is: strings
 * hold no control or invisible characters ({@link VisibleText}), {@code BigDecimal}s keep
 * a sane scale and precision, and {@code double}s and {@code float}s are finite and not a
 * non-zero number rounded to 0.
 */
final class StrictJsonModule extends SimpleModule {

	/**
	 * A {@code BigDecimal} may have at most this many digits after the point, or zeros
	 * before it.
	 */
	static final int MAX_DECIMAL_SCALE = 10;

	/** A {@code BigDecimal} may have at most this many significant digits. */
	static final int MAX_DECIMAL_PRECISION = 30;

	static final String OUT_OF_RANGE = "数值超出允许范围";

	StrictJsonModule() {
		super("civic-strict-json");
		setDeserializerModifier(new Checks());
	}

	private static final class Checks extends ValueDeserializerModifier {

		@Override
		public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
				BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
			Class<?> type = deserializer.handledType();
			if (type == String.class) {
				return new CheckedString(deserializer);
			}
			if (type == BigDecimal.class) {
				return new CheckedDecimal(deserializer);
			}
			if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
				return new CheckedFloatingPoint(deserializer);
			}
			return deserializer;
		}

		@Override
		public KeyDeserializer modifyKeyDeserializer(DeserializationConfig config, JavaType type,
				KeyDeserializer deserializer) {
			return type.hasRawClass(String.class) ? new CheckedStringKey(deserializer) : deserializer;
		}

	}

	private static final class CheckedString extends DelegatingDeserializer {

		CheckedString(ValueDeserializer<?> delegate) {
			super(delegate);
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
			return new CheckedString(delegate);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			Object value = _delegatee.deserialize(parser, context);
			if (value instanceof String text && !VisibleText.isClean(text)) {
				throw invisible(parser);
			}
			return value;
		}

	}

	private static final class CheckedStringKey extends KeyDeserializer {

		private final KeyDeserializer delegate;

		CheckedStringKey(KeyDeserializer delegate) {
			this.delegate = delegate;
		}

		@Override
		public void resolve(DeserializationContext context) throws JacksonException {
			delegate.resolve(context);
		}

		@Override
		public Object deserializeKey(String key, DeserializationContext context) throws JacksonException {
			if (key != null && !VisibleText.isClean(key)) {
				throw invisible(context.getParser());
			}
			return delegate.deserializeKey(key, context);
		}

	}

	private static final class CheckedDecimal extends DelegatingDeserializer {

		CheckedDecimal(ValueDeserializer<?> delegate) {
			super(delegate);
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
			return new CheckedDecimal(delegate);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			Object value = _delegatee.deserialize(parser, context);
			if (value instanceof BigDecimal decimal
					&& (Math.abs(decimal.scale()) > MAX_DECIMAL_SCALE || decimal.precision() > MAX_DECIMAL_PRECISION)) {
				throw new InvalidJsonValueException(parser, BigDecimal.class,
						"Decimal out of bounds: scale " + decimal.scale() + ", precision " + decimal.precision(),
						OUT_OF_RANGE);
			}
			return value;
		}

	}

	private static final class CheckedFloatingPoint extends DelegatingDeserializer {

		CheckedFloatingPoint(ValueDeserializer<?> delegate) {
			super(delegate);
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
			return new CheckedFloatingPoint(delegate);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			Object value = _delegatee.deserialize(parser, context);
			if (value instanceof Number number) {
				double read = number.doubleValue();
				boolean underflow = read == 0 && parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT
						&& parser.getDecimalValue().signum() != 0;
				if (!Double.isFinite(read) || underflow) {
					throw new InvalidJsonValueException(parser, handledType(), "Not a finite number in range",
							OUT_OF_RANGE);
				}
			}
			return value;
		}

	}

	private static InvalidJsonValueException invisible(JsonParser parser) {
		return new InvalidJsonValueException(parser, String.class, "Text holds control or invisible characters",
				VisibleText.MESSAGE);
	}

}
