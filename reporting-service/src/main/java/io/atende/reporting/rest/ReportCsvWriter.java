package io.atende.reporting.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

/** {@code Accept: text/csv}: the report's table, a header line then one line per row (RFC 4180 quoting). */
@Provider
@Produces(ReportCsvWriter.TEXT_CSV)
public class ReportCsvWriter implements MessageBodyWriter<Report> {

    public static final String TEXT_CSV = "text/csv";

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Report.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Report report, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", report.columns().stream().map(ReportCsvWriter::cell).toList())).append("\r\n");
        for (Map<String, Object> row : report.rows()) {
            csv.append(String.join(",", report.columns().stream().map(column -> cell(row.get(column))).toList()))
                    .append("\r\n");
        }
        out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        return text.matches(".*[\",\r\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
