package io.atende.gateway.engine;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * The right to run the WhatsApp engine, so that two gateway instances never run one channel's session together
 * (WhatsApp would close one with 440 "connection replaced", and both would write its credentials).
 *
 * <p>Exclusion: a PostgreSQL session-level advisory lock ({@code pg_try_advisory_lock}) taken on a dedicated JDBC
 * connection and held as long as that connection lives. If the holder's process dies (or its connection drops), the
 * server releases the lock at once, and a waiting instance, which tries every {@code retry}, takes over. Fencing: at
 * every acquisition the {@code engine_lease} row's token grows by one; the holder checks it before writing engine state
 * ({@link #token()}), so an instance that lost the lock without noticing yet cannot overwrite its successor's writes.
 */
public class EngineLease implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EngineLease.class);

    private final String url;
    private final String user;
    private final String password;
    private final String name;
    private final long lockKey;
    private final Duration retry;
    private final String holder;

    private volatile Connection connection;
    private volatile long token;
    private volatile boolean held;
    private volatile boolean closed;
    private Thread worker;

    public EngineLease(String url, String user, String password, String name, Duration retry) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.name = name;
        // A stable 64-bit key per lease name (advisory locks are keyed by a bigint).
        this.lockKey = 0x4154_454E_0000_0000L | (name.hashCode() & 0xFFFF_FFFFL);
        this.retry = retry;
        this.holder = ManagementFactory.getRuntimeMXBean().getName();
    }

    /**
     * Tries now and then every {@code retry}, on its own thread, until the lease is held; then calls
     * {@code onAcquired} (with the fencing token) and keeps checking the connection. If the lease is lost, calls
     * {@code onLost} with the reason and stops trying.
     */
    public synchronized void start(Consumer<Long> onAcquired, Consumer<String> onLost) {
        worker = Thread.ofPlatform().name("engine-lease").daemon().start(() -> run(onAcquired, onLost));
    }

    private void run(Consumer<Long> onAcquired, Consumer<String> onLost) {
        boolean announcedWaiting = false;
        while (!closed) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                if (!held) {
                    if (tryAcquire()) {
                        LOG.infof("engine lease '%s' acquired by %s (fencing token %d): this instance runs the engine",
                                name, holder, token);
                        onAcquired.accept(token);
                    } else if (!announcedWaiting) {
                        announcedWaiting = true;
                        LOG.infof("engine lease '%s' is held by another gateway instance: standing by", name);
                    }
                } else if (!stillHeld()) {
                    held = false;
                    String reason = "the engine lease's database connection was lost";
                    LOG.errorf("%s: this instance no longer may run the engine", reason);
                    onLost.accept(reason);
                    return;
                }
            } catch (SQLException e) {
                if (held) {
                    held = false;
                    onLost.accept("the engine lease could not be checked: " + e.getMessage());
                    return;
                }
                LOG.warnf("cannot try the engine lease: %s", e.getMessage());
                closeConnection();
            }
            try {
                Thread.sleep(retry.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean tryAcquire() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, user, password);
            connection.setAutoCommit(true);
        }
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, lockKey);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    return false;
                }
            }
        }
        try (PreparedStatement fence = connection.prepareStatement("""
                insert into engine_lease (name, holder, fencing_token, acquired_at) values (?, ?, 1, now())
                on conflict (name) do update set holder = excluded.holder,
                    fencing_token = engine_lease.fencing_token + 1, acquired_at = now()
                returning fencing_token""")) {
            fence.setString(1, name);
            fence.setString(2, holder);
            try (ResultSet result = fence.executeQuery()) {
                result.next();
                token = result.getLong(1);
            }
        }
        held = true;
        return true;
    }

    private boolean stillHeld() {
        try (PreparedStatement check = connection.prepareStatement("select 1")) {
            check.setQueryTimeout((int) Math.max(1, retry.toSeconds() * 2));
            check.executeQuery().close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public boolean held() {
        return held;
    }

    /** The fencing token of the current holding, or 0 if none. */
    public long token() {
        return held ? token : 0;
    }

    public String name() {
        return name;
    }

    /** Gives the lease up (the connection closes, so the lock is released at once). */
    @Override
    public synchronized void close() {
        closed = true;
        held = false;
        if (worker != null) {
            worker.interrupt();
        }
        closeConnection();
    }

    private void closeConnection() {
        Connection current = connection;
        connection = null;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException e) {
                // gone anyway
            }
        }
    }
}
