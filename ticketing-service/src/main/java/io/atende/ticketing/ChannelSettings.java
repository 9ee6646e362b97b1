package io.atende.ticketing;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How ticketing serves one channel; texts left null use the configured (Brazilian Portuguese) defaults. */
@Entity
@Table(name = "channel_settings")
public class ChannelSettings extends PanacheEntityBase {

    @Id
    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "default_department_id")
    public UUID defaultDepartmentId;

    public String greeting;

    @Column(name = "invalid_option")
    public String invalidOption;

    @Column(name = "max_invalid_answers")
    public Integer maxInvalidAnswers;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
