/**
 * Follows MQTT packet boundaries in a byte stream (fixed header, remaining-length varint, body)
 * without buffering, so that an oversized packet is seen from its header, before its body
 * arrives. Pure: feed it chunks, it answers the size of the first packet over the limit.
 */
export class FrameScanner {
  private state: 'type' | 'length' | 'body' = 'type';
  private remaining = 0;
  private multiplier = 1;
  private lengthBytes = 0;

  constructor(private readonly maxPacketBytes: number) {}

  /** Returns the size of an oversized packet, or undefined while every packet is within limit. */
  feed(chunk: Uint8Array): number | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'type') {
        i++;
        this.state = 'length';
        this.remaining = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      if (this.state === 'length') {
        const byte = chunk[i++] as number;
        this.remaining += (byte & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        this.lengthBytes++;
        if (byte & 0x80) {
          if (this.lengthBytes >= 4) return Number.POSITIVE_INFINITY; // malformed: more than 4 length bytes
          continue;
        }
        const size = 1 + this.lengthBytes + this.remaining;
        if (size > this.maxPacketBytes) return size;
        this.state = this.remaining === 0 ? 'type' : 'body';
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - i);
      i += take;
      this.remaining -= take;
      if (this.remaining === 0) this.state = 'type';
    }
    return undefined;
  }
}
