/**
 * Reading the Hocuspocus messages a client sends (document name, message type, then the y-protocols
 * payload) without applying them, so the collaboration server can judge a message before Hocuspocus
 * handles it.
 */
const SYNC = 0;
const AWARENESS = 1;
const SYNC_REPLY = 4;

/** lib0 variable-length unsigned integer at `pos`: [value, next position]. */
function readVarUint(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= bytes.length) throw new RangeError("truncated message");
    const byte = bytes[pos++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, pos];
  }
  throw new RangeError("integer out of range");
}

/** The message type and where its body starts (after the document name). */
function readHeader(message: Uint8Array): [type: number, bodyStart: number] {
  const [nameLength, afterLength] = readVarUint(message, 0);
  return readVarUint(message, afterLength + nameLength);
}

/**
 * The Yjs update a Hocuspocus message carries, if it may change the document: a sync message
 * (Sync 0 or SyncReply 4) other than step 1 (a request for state); null for anything else
 * (awareness, auth, stateless …). An unreadable message counts as a change (an empty update).
 */
export function carriedUpdate(message: Uint8Array): Uint8Array | null {
  try {
    const [type, afterType] = readHeader(message);
    if (type !== SYNC && type !== SYNC_REPLY) return null;
    const [syncType, afterSyncType] = readVarUint(message, afterType);
    if (syncType === 0) return null;
    const [length, start] = readVarUint(message, afterSyncType);
    return message.subarray(start, start + length);
  } catch {
    return new Uint8Array(0);
  }
}

export interface AwarenessEntry {
  clientId: number;
  /** the parsed state; null when the client leaves; undefined when it is not readable JSON */
  state: unknown;
}

export interface AwarenessMessage {
  /** where the awareness update (entry count, then entries) starts in the message */
  start: number;
  bytes: number;
  entries: AwarenessEntry[];
}

/** An awareness message's entries, or null for any other message (or one that cannot be read). */
export function readAwareness(message: Uint8Array): AwarenessMessage | null {
  try {
    const [type, afterType] = readHeader(message);
    if (type !== AWARENESS) return null;
    const [bytes, start] = readVarUint(message, afterType);
    let [count, pos] = readVarUint(message, start);
    const entries: AwarenessEntry[] = [];
    const decoder = new TextDecoder();
    while (count-- > 0) {
      let clientId: number, length: number;
      [clientId, pos] = readVarUint(message, pos);
      [, pos] = readVarUint(message, pos); // clock
      [length, pos] = readVarUint(message, pos);
      if (pos + length > message.length) throw new RangeError("truncated state");
      let state: unknown;
      try {
        state = JSON.parse(decoder.decode(message.subarray(pos, pos + length)));
      } catch {
        state = undefined;
      }
      entries.push({ clientId, state });
      pos += length;
    }
    return { start, bytes, entries };
  } catch {
    return null;
  }
}

/**
 * Make an awareness message say nothing, in place: its entry count becomes 0, so Hocuspocus applies
 * (and relays) no state. Hocuspocus reads the very bytes given to `beforeHandleMessage`, and that
 * hook can only refuse a message by closing the connection; this drops one message and keeps it open.
 */
export function silenceAwareness(message: Uint8Array, awareness: AwarenessMessage): void {
  message[awareness.start] = 0;
}
