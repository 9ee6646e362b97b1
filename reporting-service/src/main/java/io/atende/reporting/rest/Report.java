package io.atende.reporting.rest;

import java.util.List;
import java.util.Map;

/**
 * Every report has the same shape, so that it renders as JSON and as CSV alike: the parameters it was computed
 * with, a table (columns and rows), and totals where the report has them (JSON only).
 */
public record Report(String report, Map<String, Object> parameters, List<String> columns,
        List<Map<String, Object>> rows, Map<String, Object> totals) {
}
