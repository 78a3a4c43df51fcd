package org.civicdispatch.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link SingleLine}. */
public class SingleLineValidator implements ConstraintValidator<SingleLine, CharSequence> {

	@Override
	public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\n' || c == '\r' || c == '\t' || c == '\u000B' || c == '\f' || c == '\u0085' || c == '\u2028'
					|| c == '\u2029') {
				return false;
			}
		}
		return true;
	}

}
