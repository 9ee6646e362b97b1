package io.atende.contracts;

/** Field checks for the records' compact constructors, so a record missing a required field never exists. */
public final class Require {

    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new MalformedEventException(field + " is required");
        }
        if (value instanceof String text && text.isBlank()) {
            throw new MalformedEventException(field + " must not be blank");
        }
        return value;
    }
}
