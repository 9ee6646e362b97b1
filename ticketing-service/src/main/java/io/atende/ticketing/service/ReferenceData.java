package io.atende.ticketing.service;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.atende.ticketing.Department;
import io.atende.ticketing.config.TicketingConfig;
import io.atende.ticketing.repository.DepartmentRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A short-lived cache of what nearly every inbound message needs and admins rarely change: departments and each
 * channel's routing plan. It saves the intake a few queries per message. Entries live
 * {@code atende.ticketing.reference-cache-ttl} (5 s): a change made through this replica is seen at once (the
 * admin API invalidates), a change made through another replica within that time. The cached entities are
 * read-only snapshots, never attached to a session.
 */
@ApplicationScoped
public class ReferenceData {

    private record Entry<T>(T value, long expiresAtNanos) {

        boolean fresh() {
            return System.nanoTime() < expiresAtNanos;
        }
    }

    private final DepartmentRepository departments;
    private final long ttlNanos;
    private final Map<UUID, Entry<Department>> departmentById = new ConcurrentHashMap<>();
    private final Map<String, Entry<Routing.Plan>> planByChannel = new ConcurrentHashMap<>();

    public ReferenceData(DepartmentRepository departments, TicketingConfig config) {
        this.departments = departments;
        Duration ttl = config.referenceCacheTtl();
        this.ttlNanos = ttl.toNanos();
    }

    public Uni<Department> department(UUID id) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return cached(departmentById, id, () -> departments.findById(id));
    }

    public Uni<Routing.Plan> plan(String channelId, Supplier<Uni<Routing.Plan>> load) {
        return cached(planByChannel, channelId, load);
    }

    /** After an admin change: everything is read again. */
    public void invalidate() {
        departmentById.clear();
        planByChannel.clear();
    }

    private <K, V> Uni<V> cached(Map<K, Entry<V>> cache, K key, Supplier<Uni<V>> load) {
        Entry<V> entry = cache.get(key);
        if (entry != null && entry.fresh()) {
            return Uni.createFrom().item(entry.value());
        }
        return load.get().invoke(value -> {
            if (value != null && ttlNanos > 0) {
                cache.put(key, new Entry<>(value, System.nanoTime() + ttlNanos));
            }
        });
    }
}
