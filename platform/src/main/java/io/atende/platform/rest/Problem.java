package io.atende.platform.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The RFC 9457 problem-details body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
