// The engine side of channel-gateway's engine protocol (channel-gateway/docs/engine-protocol.md), shared by every
// engine (simulator.mjs, baileys/engine.mjs): commands on stdin, events on stdout, one JSON object per line.
// An engine supplies its command handlers; this module reads and bounds the lines, dispatches them, and answers each
// command with exactly one `ack` or `error`. It also answers the gateway's liveness `ping`.
// Plain Node 20, no dependencies. Logs go to stderr only: stdout carries protocol events and nothing else.

export const PROTOCOL = 1;

/**
 * The longest command line read, in bytes (the gateway sets ATENDE_ENGINE_MAX_LINE_BYTES to its own limit). A longer
 * line is skipped whole, answered with an `error` (code `line-too-long`, no id: its id is unread) and counted.
 */
export const MAX_LINE_BYTES = Number(process.env.ATENDE_ENGINE_MAX_LINE_BYTES ?? 1024 * 1024);

export class CommandError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function emit(event) {
  // Writes to a pipe are synchronous on Linux, so events leave in the order they are emitted.
  process.stdout.write(JSON.stringify(event) + '\n');
}

export function required(command, field) {
  const value = command[field];
  if (value === undefined || value === null || value === '') {
    throw new CommandError('invalid', `${command.cmd}: ${field} is required`);
  }
  return value;
}

/**
 * Serves the protocol: emits `ready`, then handles each command line with `handlers[cmd](command)` (its result, or
 * the result of the promise it returns, becomes `ack.result`; a thrown CommandError becomes `error {code}`).
 * A synchronous handler is answered at once, so the events it emitted precede its ack and the next command's events.
 * `onClose` runs when the gateway closes stdin; the process then exits.
 */
export function serve({ engine, handlers, log, onClose = () => {} }) {
  const all = { ping: () => ({ pong: Date.now() }), ...handlers };
  let tooLong = 0;

  const answer = (command, result) => {
    if (command.id !== undefined) emit({ event: 'ack', id: command.id, ...(result ? { result } : {}) });
  };
  const fail = (command, e) => {
    const code = e instanceof CommandError ? e.code : (e?.output?.statusCode ? `whatsapp-${e.output.statusCode}` : 'internal');
    if (!(e instanceof CommandError)) log(`${command.cmd} failed: ${e?.stack ?? e}`);
    emit({ event: 'error', id: command.id, command: command.cmd, channelId: command.channelId, code, message: e?.message ?? String(e) });
  };

  const handle = (line) => {
    if (line.trim() === '') return;
    let command;
    try {
      command = JSON.parse(line);
    } catch (e) {
      emit({ event: 'error', code: 'malformed-command', message: `not JSON: ${e.message}` });
      return;
    }
    if (command === null || typeof command !== 'object') {
      emit({ event: 'error', code: 'malformed-command', message: 'a command must be a JSON object' });
      return;
    }
    try {
      const handler = Object.hasOwn(all, command.cmd) ? all[command.cmd] : null;
      if (!handler) throw new CommandError('unknown-command', `unknown command ${command.cmd}`);
      const result = handler(command);
      if (result && typeof result.then === 'function') {
        result.then((value) => answer(command, value), (e) => fail(command, e));
      } else {
        answer(command, result);
      }
    } catch (e) {
      fail(command, e);
    }
  };

  // Lines are split by hand (not readline) so a line can be bounded before it is buffered whole.
  let parts = [];
  let length = 0;
  let skipping = false;
  const rejectLine = () => {
    tooLong += 1;
    log(`skipped a command line longer than ${MAX_LINE_BYTES} bytes (${tooLong} so far)`);
    emit({ event: 'error', code: 'line-too-long', message: `a command line exceeded ${MAX_LINE_BYTES} bytes and was skipped (${tooLong} so far)` });
  };
  process.stdin.on('data', (chunk) => {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline < 0 ? chunk.length : newline;
      if (!skipping) {
        length += end - start;
        if (length > MAX_LINE_BYTES) {
          skipping = true;
          parts = [];
          rejectLine();
        } else {
          parts.push(chunk.subarray(start, end));
        }
      }
      if (newline < 0) break;
      if (!skipping) handle(Buffer.concat(parts).toString('utf8').replace(/\r$/, ''));
      parts = [];
      length = 0;
      skipping = false;
      start = newline + 1;
    }
  });
  // The gateway closing our stdin means it is done with us.
  process.stdin.on('end', () => {
    if (!skipping && parts.length) handle(Buffer.concat(parts).toString('utf8'));
    onClose();
    process.exit(0);
  });
  emit({ event: 'ready', engine, protocol: PROTOCOL });
  log('ready');
}
