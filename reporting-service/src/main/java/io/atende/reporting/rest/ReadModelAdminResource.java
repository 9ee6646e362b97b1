package io.atende.reporting.rest;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.atende.reporting.service.ReadModelRebuild;
import io.atende.reporting.service.RollupMaintenance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/admin/read-models")
@Tag(name = "admin")
@RolesAllowed("admin")
public class ReadModelAdminResource {

    private final ReadModelRebuild rebuild;
    private final RollupMaintenance rollups;

    public ReadModelAdminResource(ReadModelRebuild rebuild, RollupMaintenance rollups) {
        this.rebuild = rebuild;
        this.rollups = rollups;
    }

    @POST
    @Path("/rebuild")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Empty the read models and replay the topics from the start; the figures come back as they were")
    public Uni<Map<String, Object>> rebuild() {
        return rebuild.run().map(partitions -> Map.of("replaying", partitions));
    }

    @POST
    @Path("/rollups/rebuild")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recompute the rollups and live counters from the read models (after rows were loaded into"
            + " them directly); the reports give the same figures before and after")
    public Uni<Map<String, Object>> rebuildRollups() {
        return rollups.rebuild().map(done -> Map.of("rebuilt", "rollups", "timeZone", rollups.zone().getId()));
    }
}
