// Atende's WhatsApp engine: Baileys (npm `baileys`) behind the engine protocol of channel-gateway
// (channel-gateway/docs/engine-protocol.md): commands on stdin, events on stdout, one JSON object per line.
// Logs go to stderr only. Install with `npm ci` in this directory (the Maven build does it).
//
// The founding rule at pairing: syncFullHistory false, shouldSyncHistoryMessage () => false, and history batches
// (messaging-history.set) are never turned into `message` events: only counted, as a `history` event carrying the
// messages' keys and timestamps (no content). Live (`notify`) and offline (`append`) upserts are post-link: emitted.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import baileys from 'baileys';

import { CommandError, emit, required, serve } from '../protocol.mjs';

const { makeWASocket, initAuthCreds, BufferJSON, Browsers, proto, downloadMediaMessage, normalizeMessageContent } = baileys;
// Media content goes to a file in the directory the gateway gave (never through the pipe), up to the gateway's limit.
const MEDIA_DIR = process.env.ATENDE_ENGINE_MEDIA_DIR ?? tmpdir();
const MEDIA_MAX_BYTES = Number(process.env.ATENDE_MEDIA_MAX_BYTES ?? 16 * 1024 * 1024);
const MEDIA_PARTS = ['imageMessage', 'videoMessage', 'ptvMessage', 'audioMessage', 'documentMessage', 'stickerMessage'];
const AUTH_ACK_TIMEOUT_MS = Number(process.env.ATENDE_ENGINE_AUTH_ACK_TIMEOUT_MS ?? 10_000);
const RECONNECT_MAX_MS = Number(process.env.ATENDE_ENGINE_RECONNECT_MAX_MS ?? 60_000);

function log(text) {
  process.stderr.write(`[baileys-engine] ${text}\n`);
}

/** A pino-shaped logger for Baileys that writes warnings and errors to stderr (stdout is the protocol's). */
const logger = {
  level: process.env.ATENDE_BAILEYS_LOG_LEVEL ?? 'warn',
  child() { return logger; },
  trace() {}, debug() {}, info() {},
  warn(object, message) { log('warn ' + (message ?? '') + ' ' + safe(object)); },
  error(object, message) { log('error ' + (message ?? '') + ' ' + safe(object)); },
  fatal(object, message) { log('fatal ' + (message ?? '') + ' ' + safe(object)); },
};

function safe(value) {
  try { return typeof value === 'string' ? value : JSON.stringify(value)?.slice(0, 300) ?? ''; } catch { return String(value); }
}

/** channelId -> { sock, auth, state: 'waiting' | 'connected' | 'closed', qrAttempt, attempts, newLogin, stopped } */
const channels = new Map();
/** Waiters for the gateway's `auth-stored`: channelId -> [{ seq, resolve }] */
const authWaiters = new Map();
let authSeq = 0;

function entryOf(command, { state } = {}) {
  const channelId = required(command, 'channelId');
  const entry = channels.get(channelId);
  if (!entry) throw new CommandError('unknown-channel', `channel ${channelId} is not started on the engine`);
  if (state && entry.state !== state) {
    throw new CommandError(state === 'waiting' ? 'not-waiting-for-qr' : `not-${state}`, `channel ${channelId} is ${entry.state}, not ${state}`);
  }
  return entry;
}

/**
 * The channel's credentials and signal keys, in memory and mirrored to the gateway: every change is sent as an `auth`
 * event (the whole state, Buffers encoded with Baileys' BufferJSON) and waited for until the gateway says it is stored
 * (`auth-stored`), so Baileys goes on only once the write is durable.
 */
function authState(channelId, stored) {
  const data = stored && stored.creds
    ? JSON.parse(JSON.stringify(stored), BufferJSON.reviver)
    : { creds: initAuthCreds(), keys: {} };
  data.keys ??= {};
  const persist = () => {
    const seq = ++authSeq;
    emit({ event: 'auth', channelId, seq, auth: JSON.parse(JSON.stringify(data, BufferJSON.replacer)) });
    return new Promise((resolve) => {
      const waiters = authWaiters.get(channelId) ?? [];
      const timer = setTimeout(() => {
        log(`channel ${channelId}: the gateway did not confirm credentials ${seq} within ${AUTH_ACK_TIMEOUT_MS} ms`);
        resolve();
      }, AUTH_ACK_TIMEOUT_MS);
      waiters.push({ seq, resolve: () => { clearTimeout(timer); resolve(); } });
      authWaiters.set(channelId, waiters);
    });
  };
  return {
    persist,
    state: {
      creds: data.creds,
      keys: {
        get: async (type, ids) => {
          const found = {};
          for (const id of ids) {
            let value = data.keys[type]?.[id];
            if (value && type === 'app-state-sync-key') value = proto.Message.AppStateSyncKeyData.fromObject(value);
            if (value !== undefined && value !== null) found[id] = value;
          }
          return found;
        },
        set: async (updates) => {
          for (const type of Object.keys(updates)) {
            data.keys[type] ??= {};
            for (const [id, value] of Object.entries(updates[type])) {
              if (value) data.keys[type][id] = value; else delete data.keys[type][id];
            }
          }
          await persist();
        },
      },
    },
  };
}

function authStored(channelId, seq) {
  const waiters = authWaiters.get(channelId) ?? [];
  const remaining = [];
  for (const waiter of waiters) {
    if (waiter.seq <= seq) waiter.resolve(); else remaining.push(waiter);
  }
  authWaiters.set(channelId, remaining);
}

function epochSeconds(value) {
  if (value === undefined || value === null) return Math.floor(Date.now() / 1000);
  if (typeof value === 'number') return value;
  if (typeof value.toNumber === 'function') return value.toNumber();
  return Number(value.toString());
}

function e164(jid) {
  if (!jid) return null;
  return '+' + String(jid).split('@')[0].split(':')[0].replace(/\D/g, '');
}

function messageJson(message) {
  if (typeof message?.toJSON === 'function') return message.toJSON();
  return JSON.parse(JSON.stringify(message, BufferJSON.replacer));
}

function keyOf(key) {
  return {
    remoteJid: key.remoteJid,
    fromMe: Boolean(key.fromMe),
    id: key.id,
    participant: key.participant ?? null,
    ...(key.remoteJidAlt ? { remoteJidAlt: key.remoteJidAlt } : {}),
    ...(key.participantAlt ? { participantAlt: key.participantAlt } : {}),
  };
}

/**
 * Downloads a media message's content to a file for the gateway: `{file, mimeType, fileName, sizeBytes}`, or without
 * `file` and with `unavailable` when it is too large or the download failed. Null for messages without a file.
 */
async function downloadMedia(sock, message) {
  const content = normalizeMessageContent(message.message);
  const name = MEDIA_PARTS.find((part) => content?.[part]);
  if (!name) return null;
  const part = content[name];
  const declared = part.fileLength === undefined || part.fileLength === null ? null : epochSeconds(part.fileLength);
  const described = { mimeType: part.mimetype ?? null, fileName: part.fileName ?? null, sizeBytes: declared };
  if (declared !== null && declared > MEDIA_MAX_BYTES) return { ...described, unavailable: 'too-large' };
  try {
    const buffer = await downloadMediaMessage(message, 'buffer', {}, { logger, reuploadRequest: sock.updateMediaMessage });
    if (buffer.length > MEDIA_MAX_BYTES) return { ...described, sizeBytes: buffer.length, unavailable: 'too-large' };
    const file = join(MEDIA_DIR, `media-${randomBytes(12).toString('hex')}`);
    await writeFile(file, buffer);
    return { ...described, file, sizeBytes: buffer.length };
  } catch (e) {
    log(`media of message ${message.key?.id} could not be downloaded: ${e?.message ?? e}`);
    return { ...described, unavailable: 'download-failed' };
  }
}

/** Live (`notify`) and offline (`append`) messages become `message` events, media downloaded first. */
async function upserted(channelId, sock, messages, type) {
  for (const message of messages) {
    if (!message.message || !message.key?.id || !message.key?.remoteJid) continue; // stubs: nothing to ingest
    const media = await downloadMedia(sock, message);
    emit({
      event: 'message', channelId, upsertType: type,
      offline: type === 'append' && !message.key.fromMe,
      key: keyOf(message.key),
      pushName: message.key.fromMe ? null : (message.pushName ?? null),
      timestamp: epochSeconds(message.messageTimestamp),
      message: messageJson(message.message),
      ...(media ? { media } : {}),
    });
  }
}

function connect(channelId, entry) {
  const sock = makeWASocket({
    auth: entry.auth.state,
    logger,
    browser: Browsers.ubuntu('Atende'),
    printQRInTerminal: false,
    // The founding rule, first layer: ask the phone for no history.
    syncFullHistory: false,
    shouldSyncHistoryMessage: () => false,
    markOnlineOnConnect: false,
    getMessage: async () => undefined,
  });
  entry.sock = sock;

  sock.ev.on('creds.update', () => { entry.auth.persist(); });

  sock.ev.on('connection.update', (update) => {
    if (entry.sock !== sock || entry.stopped) return;
    if (update.isNewLogin) entry.newLogin = true;
    if (update.qr) {
      entry.state = 'waiting';
      entry.qrAttempt += 1;
      const ttl = entry.qrAttempt === 1 ? 60_000 : 20_000;
      emit({ event: 'qr', channelId, qr: update.qr, expiresAt: new Date(Date.now() + ttl).toISOString(), attempt: entry.qrAttempt });
    }
    if (update.connection === 'open') {
      entry.state = 'connected';
      entry.attempts = 0;
      entry.qrAttempt = 0;
      const linked = entry.newLogin;
      entry.newLogin = false;
      emit({ event: 'connected', channelId, linked, phoneNumber: e164(sock.user?.id) });
    }
    if (update.connection === 'close') closed(channelId, entry, update.lastDisconnect?.error);
  });

  sock.ev.on('messages.upsert', ({ messages, type }) => {
    if (type !== 'notify' && type !== 'append') return;
    // Media downloads are awaited one message at a time, on one chain per channel, so messages keep their order.
    entry.upserts = (entry.upserts ?? Promise.resolve()).then(() => upserted(channelId, sock, messages, type))
      .catch((e) => log(`messages.upsert of ${channelId} failed: ${e?.stack ?? e}`));
  });

  // The founding rule, second layer: history is never imported. Only counted: keys and timestamps, no content.
  sock.ev.on('messaging-history.set', ({ messages, syncType }) => {
    if (!messages?.length) return;
    emit({
      event: 'history', channelId, syncType: syncType === undefined ? null : String(syncType),
      messages: messages.map((message) => ({ key: keyOf(message.key ?? {}), timestamp: epochSeconds(message.messageTimestamp) })),
    });
  });

  sock.ev.on('messages.update', (updates) => {
    for (const { key, update } of updates) {
      if (!key?.fromMe || typeof update?.status !== 'number' || update.status < 3) continue;
      const status = update.status === 3 ? 'delivered' : update.status === 4 ? 'read' : 'played';
      emit({ event: 'receipt', channelId, messageId: key.id, remoteJid: key.remoteJid, status });
    }
  });
}

/** Baileys' close codes, as DESIGN.md says: 401 logged out, 440 replaced, 515 restart, 408 QR expiry, others retry. */
function closed(channelId, entry, error) {
  const code = error?.output?.statusCode ?? null;
  const reason = error?.message ?? 'connection closed';
  entry.sock = null;
  const wasState = entry.state;
  entry.state = 'closed';
  if (code === 401) {
    channels.delete(channelId);
    emit({ event: 'disconnected', channelId, code, reason, reconnecting: false });
    emit({ event: 'logged-out', channelId, reason: 'logged out from the phone (401)' });
    return;
  }
  if (code === 440) {
    // Another holder of the same session: do not fight it. Stop and tell the operator.
    channels.delete(channelId);
    emit({ event: 'disconnected', channelId, code, reason: 'connection replaced: another session uses this number; not reconnecting', reconnecting: false });
    emit({ event: 'error', channelId, code: 'connection-replaced', message: 'another session replaced this one (440); start the channel again once it is gone' });
    return;
  }
  if (code === 515) {
    // After a successful scan WhatsApp asks for a restart: reconnect at once, it is not an error.
    emit({ event: 'disconnected', channelId, code, reason: 'restart required after the link', reconnecting: true });
    connect(channelId, entry);
    return;
  }
  if (code === 408 && wasState === 'waiting' && /QR refs attempts ended/i.test(reason)) {
    channels.delete(channelId);
    emit({ event: 'disconnected', channelId, code, reason: 'no one scanned the QR codes before they ran out; start the channel again for new ones', reconnecting: false });
    return;
  }
  const delay = Math.min(1000 * 2 ** entry.attempts, RECONNECT_MAX_MS);
  entry.attempts += 1;
  emit({ event: 'disconnected', channelId, code, reason, reconnecting: true });
  entry.timer = setTimeout(() => {
    if (channels.get(channelId) === entry && !entry.stopped) connect(channelId, entry);
  }, delay);
}

function end(entry) {
  entry.stopped = true;
  clearTimeout(entry.timer);
  try { entry.sock?.end(undefined); } catch { /* already closed */ }
}

const handlers = {
  start(command) {
    const channelId = required(command, 'channelId');
    const previous = channels.get(channelId);
    if (previous) end(previous);
    const entry = { sock: null, auth: authState(channelId, command.auth), state: 'closed', qrAttempt: 0, attempts: 0, newLogin: false, stopped: false };
    channels.set(channelId, entry);
    connect(channelId, entry);
  },

  stop(command) {
    const entry = entryOf(command);
    const wasConnected = entry.state === 'connected';
    end(entry);
    channels.delete(command.channelId);
    if (wasConnected) emit({ event: 'disconnected', channelId: command.channelId, code: null, reason: 'stopped by the gateway', reconnecting: false });
  },

  async logout(command) {
    const entry = entryOf(command);
    try {
      if (entry.state === 'connected') await entry.sock.logout();
    } catch (e) {
      log(`logout of ${command.channelId} on WhatsApp failed (${e.message}); forgetting the credentials anyway`);
    }
    end(entry);
    channels.delete(command.channelId);
    emit({ event: 'logged-out', channelId: command.channelId, reason: 'logged out by the gateway' });
  },

  async send(command) {
    const entry = entryOf(command, { state: 'connected' });
    const to = String(required(command, 'to'));
    const text = String(required(command, 'text'));
    if (to.endsWith('@s.whatsapp.net')) {
      const [found] = await entry.sock.onWhatsApp(to);
      if (!found?.exists) throw new CommandError('invalid-number', `${to} is not on WhatsApp`);
    }
    const sent = await entry.sock.sendMessage(to, { text }, command.messageId ? { messageId: command.messageId } : {});
    return { messageId: sent?.key?.id ?? command.messageId };
  },

  async 'pairing-code'(command) {
    const entry = entryOf(command, { state: 'waiting' });
    const digits = String(required(command, 'phoneNumber')).replace(/\D/g, '');
    if (!/^\d{8,15}$/.test(digits)) throw new CommandError('invalid-number', `${command.phoneNumber} is not a phone number`);
    const code = await entry.sock.requestPairingCode(digits);
    return { code };
  },

  'auth-stored'(command) {
    authStored(required(command, 'channelId'), Number(required(command, 'seq')));
  },
};

process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${reason?.stack ?? reason}`));
serve({
  engine: 'baileys',
  handlers,
  log,
  onClose: () => { for (const entry of channels.values()) end(entry); },
});
