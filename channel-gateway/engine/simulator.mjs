// Atende simulator engine: a pretend WhatsApp that speaks the engine protocol of channel-gateway
// (channel-gateway/docs/engine-protocol.md) over stdin/stdout, one JSON object per line.
// Plain Node 20, no dependencies. Logs go to stderr; stdout carries protocol events only.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CommandError, emit, required, serve } from './protocol.mjs';

const FIRST_QR_TTL_MS = Number(process.env.SIM_FIRST_QR_TTL_MS ?? 60_000);
const NEXT_QR_TTL_MS = Number(process.env.SIM_NEXT_QR_TTL_MS ?? 20_000);
const RECONNECT_DELAY_MS = Number(process.env.SIM_RECONNECT_DELAY_MS ?? 50);
// Like the Baileys engine, media content goes to a file in the directory the gateway gave, never through the pipe.
const MEDIA_DIR = process.env.ATENDE_ENGINE_MEDIA_DIR ?? tmpdir();
const MEDIA_MAX_BYTES = Number(process.env.ATENDE_MEDIA_MAX_BYTES ?? 16 * 1024 * 1024);
/** sim.message media kinds -> Baileys' message part. */
const MEDIA_PARTS = { image: 'imageMessage', video: 'videoMessage', audio: 'audioMessage', document: 'documentMessage', sticker: 'stickerMessage' };

/** channelId -> { state: 'waiting' | 'connected' | 'closed', auth, qrAttempt, qrTimer, sent, failNextSend } */
const channels = new Map();
/** Phone numbers (digits) that are "not on WhatsApp" (sim.invalid-number). */
const invalidNumbers = new Set();

function log(text) {
  process.stderr.write(`[simulator] ${text}\n`);
}

function channel(command, { state } = {}) {
  const channelId = required(command, 'channelId');
  const found = channels.get(channelId);
  if (!found) {
    throw new CommandError('unknown-channel', `channel ${channelId} is not started on the engine`);
  }
  if (state && found.state !== state) {
    const code = state === 'waiting' ? 'not-waiting-for-qr' : `not-${state}`;
    throw new CommandError(code, `channel ${channelId} is ${found.state}, not ${state}`);
  }
  return found;
}

function whatsappId() {
  return '3EB0' + randomBytes(8).toString('hex').toUpperCase();
}

/** A phone number (+55 11 98765-4321) or a JID, as a JID. */
function jid(from) {
  const text = String(from);
  if (text.includes('@')) return text;
  return text.replace(/\D/g, '') + '@s.whatsapp.net';
}

function e164(phone) {
  const digits = String(phone).split('@')[0].split(':')[0].replace(/\D/g, '');
  return '+' + digits;
}

/** A media message part like Baileys' (caption, mimetype, fileName, fileLength), and the file it was downloaded to. */
function mediaMessage(spec) {
  const media = spec.media;
  const part = MEDIA_PARTS[media.kind];
  if (!part) throw new CommandError('invalid', `media.kind must be one of ${Object.keys(MEDIA_PARTS).join(', ')}`);
  const content = Buffer.from(String(required(media, 'base64')), 'base64');
  const mimeType = media.mimeType ?? 'application/octet-stream';
  const fileName = media.fileName ?? null;
  const message = { [part]: { caption: spec.text ?? null, mimetype: mimeType, fileName, fileLength: content.length } };
  if (content.length > MEDIA_MAX_BYTES) {
    // Like the real engine: too large to download, reported without content.
    return { message, media: { mimeType, fileName, sizeBytes: content.length, unavailable: 'too-large' } };
  }
  const file = join(MEDIA_DIR, `media-${randomBytes(12).toString('hex')}`);
  writeFileSync(file, content);
  return { message, media: { file, mimeType, fileName, sizeBytes: content.length } };
}

/** A message shaped like Baileys' WAMessage (key, pushName, messageTimestamp as `timestamp`, message). */
function waMessage(spec) {
  const withMedia = spec.media ? mediaMessage(spec) : null;
  const text = withMedia ? null : required(spec, 'text');
  return {
    key: {
      remoteJid: jid(required(spec, 'from')),
      fromMe: Boolean(spec.fromMe),
      id: spec.messageId ?? whatsappId(),
      participant: spec.participant ?? null,
      ...(spec.remoteJidAlt ? { remoteJidAlt: spec.remoteJidAlt } : {}),
      ...(spec.participantAlt ? { participantAlt: spec.participantAlt } : {}),
    },
    pushName: spec.fromMe ? null : (spec.pushName ?? null),
    timestamp: Number(spec.timestamp ?? Math.floor(Date.now() / 1000)),
    message: withMedia ? withMedia.message : spec.quotedId
      ? { extendedTextMessage: { text, contextInfo: { stanzaId: spec.quotedId } } }
      : { conversation: text },
    ...(withMedia ? { media: withMedia.media } : {}),
  };
}

function issueQr(channelId, entry) {
  clearTimeout(entry.qrTimer);
  entry.qrAttempt += 1;
  const ttl = entry.qrAttempt === 1 ? FIRST_QR_TTL_MS : NEXT_QR_TTL_MS;
  const ref = randomBytes(12).toString('base64');
  emit({
    event: 'qr',
    channelId,
    qr: `2@sim-${ref},${randomBytes(16).toString('base64')},${channelId}`,
    expiresAt: new Date(Date.now() + ttl).toISOString(),
    attempt: entry.qrAttempt,
  });
  // Like WhatsApp, QR refs rotate until someone scans one (the simulator never runs out of them).
  entry.qrTimer = setTimeout(() => issueQr(channelId, entry), ttl);
  entry.qrTimer.unref();
}

function connect(channelId, entry, linked) {
  clearTimeout(entry.qrTimer);
  entry.state = 'connected';
  emit({ event: 'connected', channelId, linked, phoneNumber: entry.auth.me });
}

/** A new device link (QR scan or pairing code): credentials, then connected {linked: true}. */
function link(channelId, entry, phoneNumber) {
  entry.auth = { me: phoneNumber, simulated: true, registeredAt: new Date().toISOString() };
  emit({ event: 'auth', channelId, auth: entry.auth });
  connect(channelId, entry, true);
}

const handlers = {
  start(command) {
    const channelId = required(command, 'channelId');
    const previous = channels.get(channelId);
    if (previous) clearTimeout(previous.qrTimer);
    const auth = command.auth && command.auth.me ? command.auth : null;
    // What was sent survives a restart of the session, so a test can count the sends of a channel.
    const entry = { state: 'waiting', auth, qrAttempt: 0, qrTimer: null, sent: previous ? previous.sent : [], failNextSend: null };
    channels.set(channelId, entry);
    if (auth) {
      connect(channelId, entry, false);
    } else {
      issueQr(channelId, entry);
    }
  },

  stop(command) {
    const entry = channel(command);
    clearTimeout(entry.qrTimer);
    const wasConnected = entry.state === 'connected';
    channels.delete(command.channelId);
    if (wasConnected) {
      emit({ event: 'disconnected', channelId: command.channelId, code: null, reason: 'stopped by the gateway', reconnecting: false });
    }
  },

  logout(command) {
    const entry = channel(command);
    clearTimeout(entry.qrTimer);
    channels.delete(command.channelId);
    emit({ event: 'logged-out', channelId: command.channelId, reason: 'logged out by the gateway' });
  },

  send(command) {
    const entry = channel(command, { state: 'connected' });
    const to = String(required(command, 'to'));
    required(command, 'text');
    if (entry.failNextSend) {
      const failure = entry.failNextSend;
      entry.failNextSend = null;
      throw new CommandError(failure.code, failure.message);
    }
    if (!/^\d{8,15}@s\.whatsapp\.net$|^\d{1,20}@lid$/.test(to) || invalidNumbers.has(to.split('@')[0])) {
      throw new CommandError('invalid-number', `${to} is not on WhatsApp`);
    }
    const messageId = command.messageId ?? whatsappId();
    entry.sent.push({ to, text: command.text, messageId, at: new Date().toISOString() });
    return { messageId };
  },

  'pairing-code'(command) {
    const entry = channel(command, { state: 'waiting' });
    const phoneNumber = String(required(command, 'phoneNumber'));
    if (!/^\+?\d{8,15}$/.test(phoneNumber)) throw new CommandError('invalid-number', `${phoneNumber} is not a phone number`);
    entry.pairingCode = randomBytes(4).toString('hex').toUpperCase();
    entry.pairingPhone = e164(phoneNumber);
    return { code: entry.pairingCode };
  },

  'sim.enter-pairing-code'(command) {
    const entry = channel(command, { state: 'waiting' });
    if (!entry.pairingCode || entry.pairingCode !== String(required(command, 'code')).replace(/-/g, '').toUpperCase()) {
      throw new CommandError('wrong-pairing-code', 'the pairing code does not match');
    }
    link(command.channelId, entry, entry.pairingPhone);
  },

  'sim.sent'(command) {
    const entry = channel(command);
    return { sent: entry.sent };
  },

  'sim.fail-next-send'(command) {
    const entry = channel(command);
    entry.failNextSend = { code: command.code ?? 'send-failed', message: command.message ?? 'WhatsApp refused the message' };
  },

  'sim.invalid-number'(command) {
    invalidNumbers.add(e164(required(command, 'phoneNumber')).slice(1));
  },

  'sim.receipt'(command) {
    const entry = channel(command);
    const messageId = required(command, 'messageId');
    const sent = entry.sent.find((m) => m.messageId === messageId);
    emit({ event: 'receipt', channelId: command.channelId, messageId, remoteJid: sent ? sent.to : null, status: command.status ?? 'delivered' });
  },

  'sim.scan'(command) {
    const entry = channel(command, { state: 'waiting' });
    link(command.channelId, entry, e164(required(command, 'phoneNumber')));
  },

  'sim.message'(command) {
    channel(command, { state: 'connected' });
    const message = waMessage(command);
    emit({
      event: 'message',
      channelId: command.channelId,
      upsertType: command.upsertType ?? 'notify',
      offline: Boolean(command.offline),
      ...message,
    });
    return { messageId: message.key.id };
  },

  /** N customer text messages from `contacts` numbers (from `firstNumber` on), emitted back to back by the engine. */
  'sim.burst'(command) {
    channel(command, { state: 'connected' });
    const count = Number(required(command, 'count'));
    const contacts = Math.max(1, Number(command.contacts ?? count));
    const first = BigInt(String(required(command, 'firstNumber')).replace(/\D/g, ''));
    if (!Number.isInteger(count) || count < 1 || count > 100000) {
      throw new CommandError('invalid', 'sim.burst: count must be 1 to 100000');
    }
    // After the answer: the gateway reads the messages behind it, and the caller does not wait for all of them.
    setImmediate(() => {
      for (let i = 0; i < count; i++) {
        emit({
          event: 'message',
          channelId: command.channelId,
          upsertType: 'notify',
          offline: false,
          ...waMessage({ from: String(first + BigInt(i % contacts)), pushName: 'Cliente', text: `${command.text ?? 'mensagem'} ${i}` }),
        });
      }
    });
    return { count };
  },

  'sim.history'(command) {
    channel(command);
    const specs = required(command, 'messages');
    if (!Array.isArray(specs)) throw new CommandError('invalid', 'sim.history: messages must be an array');
    const messages = specs.map(waMessage);
    emit({ event: 'history', channelId: command.channelId, syncType: command.syncType ?? 'INITIAL_BOOTSTRAP', messages });
    return { count: messages.length };
  },

  'sim.disconnect'(command) {
    const entry = channel(command, { state: 'connected' });
    const code = Number(command.code ?? 428);
    if (code === 401) {
      channels.delete(command.channelId);
      emit({ event: 'disconnected', channelId: command.channelId, code, reason: command.reason ?? 'logged out', reconnecting: false });
      emit({ event: 'logged-out', channelId: command.channelId, reason: command.reason ?? 'logged out from the phone' });
      return;
    }
    const reconnect = command.reconnect ?? true;
    entry.state = 'closed';
    emit({ event: 'disconnected', channelId: command.channelId, code, reason: command.reason ?? 'connection lost', reconnecting: reconnect });
    if (reconnect) {
      setTimeout(() => {
        if (channels.get(command.channelId) === entry && entry.state === 'closed') {
          connect(command.channelId, entry, false);
        }
      }, RECONNECT_DELAY_MS);
    }
  },

  'sim.raw'(command) {
    process.stdout.write(String(required(command, 'line')) + '\n');
  },

  'sim.long-line'(command) {
    // One event line of `length` characters (to test the gateway's line-length limit).
    const head = '{"event":"noise","pad":"';
    const length = Number(required(command, 'length'));
    process.stdout.write(head + 'x'.repeat(Math.max(0, length - head.length - 2)) + '"}\n');
  },

  'sim.hang'(command) {
    // Blocks the event loop: the engine stops answering anything, pings included (to test liveness).
    const ms = Number(command.ms ?? 60_000);
    log(`hanging for ${ms} ms on request`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  },

  'sim.environment'() {
    // The names (never the values) of the variables the engine process was given (to test that no secret leaks).
    return { names: Object.keys(process.env).sort() };
  },

  'sim.crash'(command) {
    log(`crashing on request (exit code ${command.exitCode ?? 1})`);
    process.exit(Number(command.exitCode ?? 1));
  },
};

serve({ engine: 'simulator', handlers, log });
