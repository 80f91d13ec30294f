/**
 * The Enttec DMX USB Pro "widget" message that carries one DMX512 frame (Enttec's "DMX USB Pro
 * Widget API Specification 1.44", label 6 "Output Only Send DMX Packet Request"):
 *
 *   0x7E | label 6 | length LSB | length MSB | start code 0x00 | slot 1 .. slot N | 0xE7
 *
 * length = N + 1 (the start code counts), N = 24..512. The widget then sends the frame on the DMX
 * line itself (break, mark-after-break, start code, slots) and repeats it until the next message,
 * which is why this framing works through any tty: a USB serial port cannot make a DMX break by
 * writing bytes, the widget (and the KTV light controllers that speak its protocol) can.
 */
export const ENTTEC_START = 0x7e;
export const ENTTEC_END = 0xe7;
export const ENTTEC_LABEL_SEND_DMX = 6;
export const DMX_START_CODE = 0x00;

export function enttecDmxMessage(slots: Uint8Array): Buffer {
  const length = slots.length + 1;
  const out = Buffer.alloc(length + 5);
  out[0] = ENTTEC_START;
  out[1] = ENTTEC_LABEL_SEND_DMX;
  out[2] = length & 0xff;
  out[3] = length >> 8;
  out[4] = DMX_START_CODE;
  out.set(slots, 5);
  out[out.length - 1] = ENTTEC_END;
  return out;
}

export interface DecodedDmxMessage {
  label: number;
  startCode: number;
  slots: number[];
}

/**
 * Decodes widget messages from a byte stream, byte by byte (what a test or a widget does with the
 * bytes on the wire). Returns the messages complete so far and the bytes of an unfinished one.
 * Throws on a malformed message (no 0xE7 where the length says the end is).
 */
export function decodeEnttecMessages(bytes: Buffer): { messages: DecodedDmxMessage[]; rest: Buffer } {
  const messages: DecodedDmxMessage[] = [];
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] !== ENTTEC_START) throw new Error(`byte ${i}: expected 0x7E, got 0x${(bytes[i] ?? 0).toString(16)}`);
    if (i + 4 > bytes.length) break;
    const label = bytes[i + 1] ?? 0;
    const length = (bytes[i + 2] ?? 0) | ((bytes[i + 3] ?? 0) << 8);
    const end = i + 4 + length;
    if (end >= bytes.length) break;
    if (bytes[end] !== ENTTEC_END)
      throw new Error(`byte ${end}: expected 0xE7, got 0x${(bytes[end] ?? 0).toString(16)}`);
    const data = bytes.subarray(i + 4, end);
    messages.push({ label, startCode: data[0] ?? -1, slots: [...data.subarray(1)] });
    i = end + 1;
  }
  return { messages, rest: bytes.subarray(i) };
}
