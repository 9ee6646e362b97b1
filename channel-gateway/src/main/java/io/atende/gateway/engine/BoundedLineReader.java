package io.atende.gateway.engine;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of at most {@code maxChars} characters. A longer line is not buffered whole (an engine writing one
 * endless line must not exhaust the gateway's memory): its head is kept for the log, the rest is skipped up to the
 * next newline, and it comes back as {@link Line#tooLong()}.
 */
final class BoundedLineReader {

    /** One line; when {@code tooLong}, {@code text} is only its beginning. */
    record Line(String text, boolean tooLong) {
    }

    private static final int HEAD = 300;

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** Whether more output is already there: read ahead of the last line, or waiting in the stream. */
    boolean ready() throws IOException {
        return position < limit || in.ready();
    }

    /** The next line without its {@code \n} (and {@code \r}), or null at the end of the stream. */
    Line readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? finish(line, tooLong) : null;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (!tooLong) {
                line.append(buffer, start, position - start);
                if (line.length() > maxChars) {
                    tooLong = true;
                    line.setLength(HEAD);
                }
            }
            if (position < limit) {
                position++; // the newline
                return finish(line, tooLong);
            }
        }
    }

    private static Line finish(StringBuilder line, boolean tooLong) {
        int end = line.length();
        if (!tooLong && end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return new Line(line.toString(), tooLong);
    }
}
