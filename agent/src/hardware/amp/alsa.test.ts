import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAlsaAmp } from './alsa.js';
import { parseAmixerOutput } from './amixer-output.js';
import { installAmixerStub } from './testing/amixer-stub.js';

describe('amixer output', () => {
  it('parses stereo playback, capture and mono switchless controls', () => {
    const r = parseAmixerOutput(
      [
        "Simple mixer control 'Master',0",
        '  Capabilities: pvolume pswitch pswitch-joined',
        '  Playback channels: Front Left - Front Right',
        '  Limits: Playback 0 - 87',
        '  Mono:',
        '  Front Left: Playback 52 [60%] [-26.25dB] [on]',
        '  Front Right: Playback 52 [60%] [-26.25dB] [off]',
      ].join('\n'),
    );
    assert.deepEqual(r?.limits, { Playback: { min: 0, max: 87 } });
    assert.deepEqual(
      r?.channels.map((c) => [c.channel, c.direction, c.raw, c.percent, c.on]),
      [
        ['Front Left', 'Playback', 52, 60, true],
        ['Front Right', 'Playback', 52, 60, false],
      ],
    );
    const mono = parseAmixerOutput(
      "Simple mixer control 'PCM',0\n  Capabilities: pvolume pvolume-joined\n  Playback channels: Mono\n  Limits: Playback -10239 - 400\n  Mono: Playback -2000 [77%] [-20.00dB]\n",
    );
    assert.deepEqual(mono?.channels[0], { channel: 'Mono', direction: 'Playback', raw: -2000, percent: 77, on: null });
    assert.equal(parseAmixerOutput('garbage'), null);
  });
});

describe('ALSA driver with the stand-in amixer (alsa-utils 1.2.8 behaviour)', () => {
  it('runs amixer -c CARD sset CONTROL N% / mute / unmute', async () => {
    const stub = await installAmixerStub();
    try {
      const amp = createAlsaAmp({ card: '0', musicControl: 'Master', micControl: 'Capture', env: stub.env });
      await amp.setMusicLevel(60);
      await amp.setMicLevel(30);
      await amp.setMuted(true);
      await amp.setMuted(false);
      const s = await stub.state();
      assert.deepEqual(s.calls, [
        ['-c', '0', 'sset', 'Master', '60%'],
        ['-c', '0', 'sset', 'Capture', '30%'],
        ['-c', '0', 'sset', 'Master', 'mute'],
        ['-c', '0', 'sset', 'Master', 'unmute'],
      ]);
      assert.deepEqual(s.cards[0]?.controls.Master?.playback?.values, [52, 52]);
      assert.deepEqual(s.cards[0]?.controls.Capture?.capture?.values, [19, 19]);
    } finally {
      await stub.cleanup();
    }
  });

  it('clear messages: unknown card, unknown control, amixer not installed', async () => {
    const stub = await installAmixerStub();
    try {
      const card = await createAlsaAmp({ card: '3', musicControl: 'Master', micControl: null, env: stub.env }).probe();
      assert.deepEqual(card, { ok: false, message: "ALSA: amixer -c 3 sget Master: Invalid card number '3'." });
      const ctl = await createAlsaAmp({ card: '0', musicControl: 'Speaker', micControl: null, env: stub.env }).probe();
      assert.match(ctl.message, /Unable to find simple control 'Speaker',0/);
      const none = createAlsaAmp({
        card: '0',
        musicControl: 'Master',
        micControl: null,
        env: { PATH: '/nonexistent' },
      });
      await assert.rejects(none.setMusicLevel(10), /amixer not found on PATH \(Debian package alsa-utils\)/);
    } finally {
      await stub.cleanup();
    }
  });
});
