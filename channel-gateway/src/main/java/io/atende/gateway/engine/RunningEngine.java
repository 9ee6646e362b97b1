package io.atende.gateway.engine;

import java.io.BufferedWriter;
import java.time.Instant;

/** One started engine process: where commands go, who reads its output, and when it started. */
record RunningEngine(Process process, BufferedWriter stdin, EngineOutputReader output, Instant startedAt) {
}
