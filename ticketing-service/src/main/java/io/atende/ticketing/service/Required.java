package io.atende.ticketing.service;

import io.atende.platform.rest.ProblemException;

/** Checks of what an admin's request must hold. */
final class Required {

    private Required() {
    }

    /** A text field that must be present and not blank (a 400 naming the field). */
    static void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("'" + field + "' is required");
        }
    }
}
