import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CecTwin } from '../testing/cec-twin.js';
import { parseDriverInfo, parseTransmit } from './cec-output.js';
import { CecTv } from './cec-tv.js';
import { isTvError, TvErrorCodes } from './port.js';
import { tvContract } from './tv-contract.js';

/** The fixture's blocks by the command that printed them. */
const blocks = (): Map<string, string> => {
  const text = readFileSync(
    fileURLToPath(new URL('../../../src/hardware/tv/fixtures/cec-ctl-1.22.txt', import.meta.url)),
    'utf8',
  );
  const out = new Map<string, string>();
  let key = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    if (line.startsWith('=== ')) {
      key = line.slice(4);
      out.set(key, '');
    } else if (key) out.set(key, `${out.get(key)}${line}\n`);
  }
  return out;
};

describe('cec-ctl 1.22 output', () => {
  const b = blocks();
  const get = (prefix: string) => [...b.entries()].find(([k]) => k.startsWith(prefix))?.[1] ?? '';

  it('driver info: physical and logical address', () => {
    assert.deepEqual(parseDriverInfo(get('cec-ctl -d /dev/cec0 --playback')), {
      physicalAddress: '1.0.0.0',
      logicalAddress: 4,
    });
    assert.equal(parseDriverInfo('Failed to open /dev/cec0: No such file or directory'), null);
  });

  it('transmits: acknowledged, not acknowledged, with a reply', () => {
    assert.deepEqual(parseTransmit(get('cec-ctl -d /dev/cec0 -s --to 0 --image-view-on')), {
      sent: true,
      status: null,
      acked: true,
      reply: null,
    });
    const nack = parseTransmit(get('cec-ctl -d /dev/cec0 -s --to 0 --standby'));
    assert.equal(nack.acked, false);
    assert.equal(nack.status, 'Tx, Not Acknowledged (4), Max Retries');
    const power = parseTransmit(get('cec-ctl -d /dev/cec0 -s --to 0 --give-device-power-status'));
    assert.deepEqual(power.reply, { opcode: 'REPORT_POWER_STATUS', fields: { 'pwr-state': 'to-on' } });
    assert.equal(parseTransmit(get('cec-ctl -d /dev/cec0 -s --active-source')).acked, true);
    assert.equal(parseTransmit('').sent, false);
  });

  it('the cec-ctl twin prints what the fixture shows (timestamps aside)', async () => {
    const twin = await CecTwin.create();
    try {
      const tv = new CecTv({ device: '/dev/cec0', osdName: 'KTV', env: twin.env });
      await tv.start();
      await tv.setPower(true);
      assert.equal(await tv.powerStatus(), 'toOn');
      assert.deepEqual(
        twin.calls().map((c) => c.slice(1)),
        [
          ['-d', '/dev/cec0', '--playback', '-o', 'KTV'],
          ['-d', '/dev/cec0', '-s', '--to', '0', '--image-view-on'],
          ['-d', '/dev/cec0', '-s', '--to', '0', '--give-device-power-status'],
        ],
      );
    } finally {
      await twin.cleanup();
    }
  });
});

tvContract('HDMI-CEC through the cec-ctl twin', async () => {
  const twin = await CecTwin.create({ physicalAddress: '2.0.0.0' });
  const port = new CecTv({ device: '/dev/cec0', osdName: '包厢 101 KTV', env: twin.env });
  return {
    port,
    physicalAddress: '2.0.0.0',
    observe: async () => {
      const p = twin.tv.power;
      return {
        power: p === 'to-on' ? 'toOn' : p === 'to-standby' ? 'toStandby' : p,
        input: twin.tv.activeSource ?? undefined,
      };
    },
    warmUp: async () => twin.warmUp(),
    setPlugged: async (plugged) => twin.setPlugged(plugged),
    cleanup: () => twin.cleanup(),
  };
});

describe('CEC TV driver faults', () => {
  it('no adapter: start fails with KTV_E_TV_IO naming the device', async () => {
    const twin = await CecTwin.create();
    try {
      const tv = new CecTv({ device: '/dev/cec1', osdName: 'KTV', env: twin.env });
      await assert.rejects(tv.start(), (e: unknown) => isTvError(e, TvErrorCodes.IO) && /\/dev\/cec1/.test(e.message));
    } finally {
      await twin.cleanup();
    }
  });

  it('without cec-ctl: KTV_E_TV_IO naming the package', async () => {
    const tv = new CecTv({ device: '/dev/cec0', osdName: 'KTV', env: { ...process.env, PATH: '/nonexistent' } });
    await assert.rejects(tv.start(), (e: unknown) => isTvError(e, TvErrorCodes.IO) && /v4l-utils/.test(e.message));
  });
});
