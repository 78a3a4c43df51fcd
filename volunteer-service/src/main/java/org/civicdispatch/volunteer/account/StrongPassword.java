package org.civicdispatch.volunteer.account;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A new password meets {@link Passwords#weakness the policy}. Null and a length out of
 * range are left to {@code @NotNull} and {@code @Size}, so each problem is reported once.
 */
@Documented
@Constraint(validatedBy = StrongPassword.Validator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@interface StrongPassword {

	String message() default "密码太弱";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<StrongPassword, String> {

		@Override
		public boolean isValid(String password, ConstraintValidatorContext context) {
			if (password == null || password.length() < Passwords.MIN_LENGTH
					|| password.length() > Passwords.MAX_LENGTH) {
				return true;
			}
			String weakness = Passwords.weakness(password);
			if (weakness == null) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate(weakness).addConstraintViolation();
			return false;
		}

	}

}
