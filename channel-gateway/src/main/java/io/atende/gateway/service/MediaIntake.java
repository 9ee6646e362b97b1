package io.atende.gateway.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.atende.gateway.engine.EngineEvent.MediaFile;
import io.atende.gateway.engine.WhatsAppEngine;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes the file an engine downloaded a media message's content to: reads it (at most {@code atende.media.max-bytes})
 * and deletes it. Runs on the engine's reader thread, before the message's transaction, so the blocking read stays off
 * the event loop and a retried transaction finds the bytes in memory.
 */
@ApplicationScoped
public class MediaIntake {

    /** The content, or why there is none ({@code unavailable}: {@code too-large}, {@code download-failed} ...). */
    public record InboundMedia(byte[] content, String unavailable) {

        static InboundMedia missing(String reason) {
            return new InboundMedia(null, reason);
        }
    }

    private static final Logger LOG = Logger.getLogger(MediaIntake.class);

    private final WhatsAppEngine engine;
    private final long maxBytes;

    public MediaIntake(WhatsAppEngine engine, @ConfigProperty(name = "atende.media.max-bytes") long maxBytes) {
        this.engine = engine;
        this.maxBytes = maxBytes;
    }

    /** The media of a message event, or null when the engine reported none (not a media message). */
    public InboundMedia take(String channelId, MediaFile media) {
        if (media == null) {
            return null;
        }
        if (media.file() == null) {
            return InboundMedia.missing(media.unavailable() == null ? "not-downloaded" : media.unavailable());
        }
        Path directory = engine.mediaDirectory().toAbsolutePath().normalize();
        Path file = Path.of(media.file()).toAbsolutePath().normalize();
        if (!file.startsWith(directory) || file.equals(directory)) {
            // The gateway reads only what the engine put in the directory it was given, nothing else on the disk.
            LOG.warnf("channel %s: media file %s is outside the engine's media directory %s; not read", channelId,
                    file, directory);
            return InboundMedia.missing("outside-media-directory");
        }
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                return InboundMedia.missing("too-large");
            }
            return new InboundMedia(Files.readAllBytes(file), null);
        } catch (IOException e) {
            LOG.warnf("channel %s: cannot read media file %s: %s", channelId, file, e.getMessage());
            return InboundMedia.missing("unreadable");
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("cannot delete media file %s: %s", file, e.getMessage());
            }
        }
    }
}
