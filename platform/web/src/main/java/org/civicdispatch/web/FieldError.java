package org.civicdispatch.web;

/**
 * One invalid input in a 400 problem: the field's name (a JSON path for nested ones) and
 * what is wrong.
 */
public record FieldError(String field, String message) {
}
