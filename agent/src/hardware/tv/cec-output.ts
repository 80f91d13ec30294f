/**
 * Parsers for what `cec-ctl` (v4l-utils 1.22, Debian 12) prints. Formats from utils/cec-ctl and
 * utils/libcecutil (cec_driver_info, log_msg, status2s), checked against the strings of Debian's
 * v4l-utils 1.22.1 binary; fixtures in fixtures/cec-ctl-1.22.txt. Pure.
 */
export interface CecAdapterInfo {
  /** `1.0.0.0`; `f.f.f.f` when the HDMI side has no address (TV unplugged or off at boot). */
  physicalAddress: string;
  /** The claimed logical address (4 = Playback Device 1), null when none is claimed. */
  logicalAddress: number | null;
}

/** The Driver Info block: `\tPhysical Address           : 1.0.0.0`, `\t  Logical Address          : 4 (Playback Device 1)`. */
export function parseDriverInfo(text: string): CecAdapterInfo | null {
  const pa = /^\tPhysical Address\s+: ([0-9a-f]\.[0-9a-f]\.[0-9a-f]\.[0-9a-f])$/m.exec(text);
  if (!pa) return null;
  const la = /^\t {2}Logical Address\s+: (\d+) \(/m.exec(text);
  return { physicalAddress: pa[1] ?? 'f.f.f.f', logicalAddress: la ? Number(la[1]) : null };
}

export interface CecTransmit {
  /** `Transmit from Playback Device 1 to TV (4 to 0):` was printed: the message went out. */
  sent: boolean;
  /** The status line cec-ctl prints when a transmit was not plainly OK: `Tx, Not Acknowledged (4), Max Retries`. */
  status: string | null;
  acked: boolean;
  /** The reply's operand fields, e.g. `{ 'pwr-state': 'on' }` from `\tpwr-state: on (0x00)`. */
  reply: { opcode: string; fields: Record<string, string> } | null;
}

/** One `cec-ctl -s --to 0 --<message>` run. */
export function parseTransmit(text: string): CecTransmit {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^Transmit from .+ to .+ \(\d+ to \d+\):$/.test(l));
  if (start < 0) return { sent: false, status: null, acked: false, reply: null };
  let status: string | null = null;
  let reply: CecTransmit['reply'] = null;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const s = /^\t(Tx, .*)$/.exec(l);
    if (s) status = s[1] ?? null;
    const r = /^ {4}Received from .+ \(\d+\):$/.test(l);
    if (r) {
      const op = /^ {4}([A-Z_]+) \(0x[0-9a-f]{2}\):?$/.exec(lines[i + 1] ?? '');
      const fields: Record<string, string> = {};
      for (let j = i + 2; j < lines.length; j++) {
        const f = /^\t([a-z-]+): (\S+)(?: \(0x[0-9a-f]+\))?$/.exec(lines[j] ?? '');
        if (!f) break;
        fields[f[1] ?? ''] = f[2] ?? '';
      }
      reply = { opcode: op?.[1] ?? '', fields };
    }
  }
  const acked = status === null || !/Not Acknowledged|Max Retries|Error|Arbitration Lost/.test(status);
  return { sent: true, status, acked, reply };
}
