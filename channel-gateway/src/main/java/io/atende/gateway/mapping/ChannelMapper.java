package io.atende.gateway.mapping;

import io.atende.gateway.Channel;
import io.atende.gateway.ChannelState;
import io.atende.gateway.ConnectionEpoch;
import io.atende.gateway.rest.ChannelView;
import io.atende.gateway.rest.EpochView;
import jakarta.enterprise.context.ApplicationScoped;

/** Entities never leave the service: a channel becomes a view here (its credentials never do). */
@ApplicationScoped
public class ChannelMapper {

    public EpochView view(ConnectionEpoch epoch) {
        return new EpochView(epoch.epoch, epoch.connectedAt, epoch.disconnectedAt, epoch.disconnectCode,
                epoch.disconnectReason);
    }

    public ChannelView view(Channel channel, String engine) {
        boolean showQr = channel.state == ChannelState.WAITING_FOR_QR;
        return new ChannelView(channel.id, channel.name, channel.groupsEnabled, channel.state, channel.phoneNumber, channel.linkedAt,
                showQr ? channel.lastQr : null, showQr ? channel.qrExpiresAt : null,
                showQr ? channel.qrAttempt : null, channel.connectionEpoch, channel.connectedAt,
                channel.disconnectedAt, channel.lastDisconnectCode, channel.lastDisconnectReason,
                channel.historyDiscarded, channel.lastError, engine, channel.createdAt, channel.updatedAt);
    }
}
