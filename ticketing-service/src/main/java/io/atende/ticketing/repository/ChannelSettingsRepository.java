package io.atende.ticketing.repository;

import java.util.List;
import java.util.UUID;

import io.atende.ticketing.ChannelDepartment;
import io.atende.ticketing.ChannelSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ChannelSettingsRepository implements PanacheRepositoryBase<ChannelSettings, String> {

    /** The departments the channel serves, in menu order. */
    public Uni<List<UUID>> departmentsOf(String channelId) {
        return ChannelDepartment.<ChannelDepartment>find("channelId", Sort.by("position"), channelId).list()
                .map(rows -> rows.stream().map(row -> row.departmentId).toList());
    }

    public Uni<Void> setDepartments(String channelId, List<UUID> departmentIds) {
        return ChannelDepartment.delete("channelId", channelId).flatMap(deleted -> Panache.getSession())
                .flatMap(session -> session.flush())
                .flatMap(flushed -> {
                    List<ChannelDepartment> rows = new java.util.ArrayList<>();
                    for (int i = 0; i < departmentIds.size(); i++) {
                        ChannelDepartment row = new ChannelDepartment();
                        row.id = UUID.randomUUID();
                        row.channelId = channelId;
                        row.departmentId = departmentIds.get(i);
                        row.position = i + 1;
                        rows.add(row);
                    }
                    return ChannelDepartment.persist(rows);
                });
    }
}
