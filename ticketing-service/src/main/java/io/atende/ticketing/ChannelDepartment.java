package io.atende.ticketing;

import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A department a channel serves, at its menu position (1, 2, ...). */
@Entity
@Table(name = "channel_department")
public class ChannelDepartment extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "department_id")
    public UUID departmentId;

    public int position;
}
