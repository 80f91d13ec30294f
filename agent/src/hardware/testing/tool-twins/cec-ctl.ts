/**
 * Stand-in for `cec-ctl` (v4l-utils 1.22.1, Debian 12) talking to a TV on an HDMI-CEC bus.
 * The adapter and the TV live in the JSON file named by KTV_CEC_WORLD (see cec-twin.ts). Output
 * formats as in tv/fixtures/cec-ctl-1.22.txt (utils/cec-ctl + utils/libcecutil of v4l-utils):
 * Driver Info unless -s, `Transmit from ... (4 to 0):`, the message as log_msg prints it, the
 * sequence line, and the status line when the TV did not acknowledge. Like the real tool it exits 0
 * after a NACK, and sends nothing before a logical address is claimed (--playback).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { getopt } from './getopt.js';

interface Adapter {
  physicalAddress: string;
  configured: boolean;
  osdName: string;
  seq: number;
  tv: { plugged: boolean; power: 'on' | 'standby' | 'to-on' | 'to-standby'; activeSource: string | null };
}
interface CecWorld {
  devices: Record<string, Adapter>;
  calls: string[][];
}

const worldFile = process.env.KTV_CEC_WORLD ?? '';
const world = JSON.parse(readFileSync(worldFile, 'utf8')) as CecWorld;
const argv = process.argv.slice(2);
world.calls.push(['cec-ctl', ...argv]);
const save = () => writeFileSync(worldFile, JSON.stringify(world));

const parsed = getopt(argv, {
  long: {
    device: { key: 'd', arg: true },
    'skip-info': { key: 's', arg: false },
    to: { key: 't', arg: true },
    'osd-name': { key: 'o', arg: true },
    playback: { key: 'playback', arg: false },
    'image-view-on': { key: 'image-view-on', arg: false },
    standby: { key: 'standby', arg: false },
    'give-device-power-status': { key: 'give-device-power-status', arg: false },
    'active-source': { key: 'active-source', arg: true },
    version: { key: 'version', arg: false },
  },
  shortWithArg: 'dto',
  shortFlags: 's',
});
if ('error' in parsed) {
  process.stderr.write(`cec-ctl: ${parsed.error}\n`);
  save();
  process.exit(1);
}
const o = parsed.options;
if (o.has('version')) {
  process.stdout.write('cec-ctl 1.22.1\n');
  save();
  process.exit(0);
}
const device = typeof o.get('d') === 'string' ? (o.get('d') as string) : '/dev/cec0';
const adapter = world.devices[device];
if (!adapter || !existsSync(worldFile)) {
  save();
  process.stderr.write(`Failed to open ${device}: No such file or directory\n`);
  process.exit(1);
}

const out: string[] = [];
if (o.has('playback')) {
  adapter.configured = true;
  adapter.osdName = typeof o.get('o') === 'string' ? (o.get('o') as string) : 'Playback';
}
if (!o.has('s')) {
  out.push(
    'Driver Info:',
    '\tDriver Name                : vc4_hdmi',
    '\tAdapter Name               : vc4-hdmi-0',
    '\tCapabilities               : 0x0000010e',
    '\t\tLogical Addresses',
    '\t\tTransmit',
    '\t\tPassthrough',
    '\tDriver version             : 6.1.0',
    '\tAvailable Logical Addresses: 1',
    '\tDRM Connector Info         : card 1, connector 32',
    `\tPhysical Address           : ${adapter.physicalAddress}`,
    `\tLogical Address Mask       : ${adapter.configured ? '0x0010' : '0x0000'}`,
    '\tCEC Version                : 2.0',
    '\tVendor ID                  : 0x000c03 (HDMI)',
    `\tOSD Name                   : '${adapter.osdName}'`,
  );
  if (adapter.configured) {
    out.push(
      '\tLogical Addresses          : 1 (Allow RC Passthrough)',
      '',
      '\t  Logical Address          : 4 (Playback Device 1)',
      '\t    Primary Device Type    : Playback',
      '\t    Logical Address Type   : Playback',
      '\t    All Device Types       : Playback',
      '\t    RC TV Profile          : None',
      '\t    Device Features        :',
      '\t\tNone',
    );
  } else out.push('\tLogical Addresses          : 0 ');
}

const ts = () => {
  const ms = Number(process.hrtime.bigint() / 1_000_000n);
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}s`;
};
const PWR = { on: 0, standby: 1, 'to-on': 2, 'to-standby': 3 } as const;

type Msg = { name: string; op: number; args?: string[]; directed: boolean; act: () => string[] | undefined };
const msgs: Msg[] = [];
for (const a of argv) {
  if (a === '--image-view-on')
    msgs.push({
      name: 'IMAGE_VIEW_ON',
      op: 0x04,
      directed: true,
      act: () => {
        if (adapter.tv.power === 'standby' || adapter.tv.power === 'to-standby') adapter.tv.power = 'to-on';
        return undefined;
      },
    });
  else if (a === '--standby')
    msgs.push({
      name: 'STANDBY',
      op: 0x36,
      directed: true,
      act: () => {
        adapter.tv.power = 'standby';
        return undefined;
      },
    });
  else if (a === '--give-device-power-status')
    msgs.push({
      name: 'GIVE_DEVICE_POWER_STATUS',
      op: 0x8f,
      directed: true,
      act: () => ['REPORT_POWER_STATUS (0x90):', `\tpwr-state: ${adapter.tv.power} (0x0${PWR[adapter.tv.power]})`],
    });
}
const as = o.get('active-source');
if (typeof as === 'string') {
  const pa = as.replace(/^phys-addr=/, '');
  msgs.push({
    name: 'ACTIVE_SOURCE',
    op: 0x82,
    args: [`\tphys-addr: ${pa}`],
    directed: false,
    act: () => {
      if (adapter.tv.plugged) adapter.tv.activeSource = pa;
      return undefined;
    },
  });
}

if (adapter.configured && msgs.length) out.push('');
for (const m of adapter.configured ? msgs : []) {
  if (m.directed && !o.has('t')) {
    save();
    process.stdout.write(`${out.join('\n')}\n`);
    process.stderr.write('attempting to send message without --to\n');
    process.exit(1);
  }
  const to = m.directed ? Number(o.get('t')) : 15;
  out.push('', `Transmit from Playback Device 1 to ${to === 15 ? 'all' : 'TV'} (4 to ${to}):`);
  out.push(
    m.args
      ? `${m.name} (0x${m.op.toString(16).padStart(2, '0')}):`
      : `${m.name} (0x${m.op.toString(16).padStart(2, '0')})`,
  );
  if (m.args) out.push(...m.args);
  adapter.seq++;
  if (m.directed && !adapter.tv.plugged) {
    out.push(`\tSequence: ${adapter.seq} Tx Timestamp: ${ts()}`, '\tTx, Not Acknowledged (4), Max Retries');
    continue;
  }
  const reply = m.act();
  if (reply) {
    out.push('    Received from TV (0):', `    ${reply[0]}`, ...reply.slice(1));
    out.push(
      `\tSequence: ${adapter.seq} Tx Timestamp: ${ts()} Rx Timestamp: ${ts()}`,
      '\tApproximate response time: 41 ms',
    );
  } else out.push(`\tSequence: ${adapter.seq} Tx Timestamp: ${ts()}`);
}
save();
process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
