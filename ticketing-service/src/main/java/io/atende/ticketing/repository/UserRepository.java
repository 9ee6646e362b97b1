package io.atende.ticketing.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.atende.ticketing.AppUser;
import io.atende.ticketing.UserDepartment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<AppUser, UUID> {

    public Uni<AppUser> findByUsername(String username) {
        return find("username", username).firstResult();
    }

    public Uni<List<AppUser>> all() {
        return listAll(Sort.by("username"));
    }

    public Uni<List<UUID>> departmentsOf(UUID userId) {
        return UserDepartment.<UserDepartment>find("userId", userId).list()
                .map(rows -> rows.stream().map(row -> row.departmentId).toList());
    }

    public Uni<Void> setDepartments(UUID userId, List<UUID> departmentIds) {
        return UserDepartment.delete("userId", userId).flatMap(deleted -> Panache.getSession())
                .flatMap(session -> session.flush())
                .flatMap(flushed -> UserDepartment.persist(departmentIds.stream().distinct().map(departmentId -> {
                    UserDepartment row = new UserDepartment();
                    row.id = UUID.randomUUID();
                    row.userId = userId;
                    row.departmentId = departmentId;
                    return row;
                })));
    }

    /**
     * The ONLINE users serving any of these departments, and the given user whatever its availability and departments
     * (null for none), locked until the transaction ends so that concurrent assignments take turns and never overfill
     * a user. One statement, rows locked in id order: every assignment path, and every change of an agent that may
     * drain queues, takes its agents this way, once per transaction, so two transactions never wait on each other in
     * a cycle.
     */
    public Uni<List<AppUser>> onlineServingLocked(Collection<UUID> departmentIds, UUID userId) {
        Parameters parameters = new Parameters();
        List<String> which = new ArrayList<>();
        if (!departmentIds.isEmpty()) {
            which.add("availability = :online and id in (select ud.userId from UserDepartment ud"
                    + " where ud.departmentId in :departments)");
            parameters.and("online", AppUser.Availability.ONLINE).and("departments", departmentIds);
        }
        if (userId != null) {
            which.add("id = :user");
            parameters.and("user", userId);
        }
        if (which.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return find("(" + String.join(") or (", which) + ") order by id", parameters)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Which of these users serve which departments (user id to department ids). */
    public Uni<Map<UUID, Set<UUID>>> departmentsOf(Collection<UUID> userIds) {
        return UserDepartment.<UserDepartment>find("userId in ?1", userIds).list()
                .map(rows -> rows.stream().collect(Collectors.groupingBy(row -> row.userId,
                        Collectors.mapping(row -> row.departmentId, Collectors.toSet()))));
    }

    public Uni<Boolean> serves(UUID userId, UUID departmentId) {
        return UserDepartment.count("userId = ?1 and departmentId = ?2", userId, departmentId).map(n -> n > 0);
    }
}
