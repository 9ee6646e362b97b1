package io.atende.ticketing.repository;

import java.util.UUID;

import io.atende.ticketing.Contact;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<Contact, UUID> {

    public Uni<Contact> findByAddress(String channelId, String address) {
        return find("channelId = ?1 and address = ?2", channelId, address).firstResult();
    }
}
