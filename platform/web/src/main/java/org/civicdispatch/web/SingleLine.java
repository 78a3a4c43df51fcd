package org.civicdispatch.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The text is one line: no line feed, carriage return, tab, vertical tab, form feed,
 * next-line, line or paragraph separator. For short fields shown on one line, such as
 * names, titles and addresses: <pre>{@code
 * record NewTeam(@NotBlank @SingleLine @Size(max = 50) String name, @Size(max = 2000) String description) {}
 * }</pre> Free text (descriptions, comments) may hold line breaks and leaves it off.
 * Control and invisible characters are refused in every JSON string already (see
 * {@link VisibleText}); {@code null} is valid, as with the other constraints.
 */
@Documented
@Constraint(validatedBy = SingleLineValidator.class)
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.ANNOTATION_TYPE, ElementType.CONSTRUCTOR,
		ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface SingleLine {

	String message() default "不能包含换行或制表符";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
