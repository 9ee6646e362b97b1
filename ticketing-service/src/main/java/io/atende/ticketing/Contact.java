package io.atende.ticketing;

import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer as one channel addresses them; holds both the phone number and the WhatsApp LID when known. */
@Entity
@Table(name = "contact")
public class Contact extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "channel_id")
    public String channelId;

    public String address;

    @Column(name = "phone_number")
    public String phoneNumber;

    public String lid;

    public String name;
}
