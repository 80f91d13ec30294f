import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockOffset, clockTooFar } from './checks/clock.js';
import { connectOutcome } from './checks/gateway.js';
import { tallyCache } from './checks/media-cache.js';
import { audioArgs, audioOutputName, mpvVerdict } from './checks/mpv.js';

const creds = { mqttUrl: 'mqtt://gw:1883', username: 'room-101', password: 'x', roomId: '101', storeId: 'demo' };

describe('doctor: pure readings', () => {
  it('reads a CONNACK return code as the technician fault it means', () => {
    const cases: [Parameters<typeof connectOutcome>[0], string][] = [
      [{ kind: 'accepted', announced: null }, 'ok'],
      [{ kind: 'unreachable', message: 'connect ECONNREFUSED' }, 'D109'],
      [{ kind: 'refused', returnCode: 4, message: 'Bad username or password' }, 'D110'],
      [{ kind: 'refused', returnCode: 0x86, message: 'Bad User Name or Password' }, 'D110'],
      [{ kind: 'refused', returnCode: 5, message: 'Not authorized' }, 'D111'],
      [{ kind: 'refused', returnCode: 0x87, message: 'Not authorized' }, 'D111'],
      [{ kind: 'refused', returnCode: 2, message: 'Identifier rejected' }, 'D111'],
      [{ kind: 'refused', returnCode: 3, message: 'Server unavailable' }, 'D109'],
    ];
    for (const [result, want] of cases) {
      const outcome = connectOutcome(result, creds);
      assert.equal(outcome.status === 'fault' ? outcome.code : outcome.status, want, JSON.stringify(result));
    }
  });

  it('says a clock is off only beyond the tolerance plus what the Date header cannot tell', () => {
    // Gateway's Date header says 12:00:00 (its time is somewhere in that second); asked and heard at once.
    const at = Date.parse('2026-01-01T12:00:00Z');
    const cases: [number, number, boolean][] = [
      // [our time when asked, round trip ms, too far at 5 s?]
      [at + 500, 0, false],
      [at + 5_900, 0, false], // 5.4 s off, but the header only says "some time in that second"
      [at + 6_100, 0, true],
      [at - 5_100, 0, true],
      [at + 6_100, 2_000, false], // a slow answer widens the doubt
      [at + 60_000, 10, true],
    ];
    for (const [ours, rtt, want] of cases) {
      const { offsetMs, uncertaintyMs } = clockOffset({
        gatewayMs: at,
        sentAt: ours - rtt / 2,
        receivedAt: ours + rtt / 2,
      });
      assert.equal(clockTooFar(offsetMs, uncertaintyMs, 5000), want, `ours ${ours - at} rtt ${rtt}`);
    }
  });

  it("reads mpv's words about its audio output", () => {
    assert.deepEqual(mpvVerdict(0, ''), { ok: true });
    const alsa = [
      "[ao] Trying audio driver 'alsa'",
      "[ao/alsa] opening device 'nonexistent'",
      '[ao/alsa] Playback open error: No such file or directory',
      "[ao] Failed to initialize audio driver 'alsa'",
      'Could not open/initialize audio device -> no sound.',
    ].join('\n');
    assert.deepEqual(mpvVerdict(2, alsa), {
      ok: false,
      cause: 'audio',
      detail: "[ao] Failed to initialize audio driver 'alsa'",
    });
    const verdict = mpvVerdict(1, 'Error parsing option foo (option not found)\n');
    assert.equal(verdict.ok, false);
    assert.equal(!verdict.ok && verdict.cause, 'start');
  });

  it("takes the player's audio options and names the output", () => {
    const extra = ['--fullscreen', '--vo=gpu', '--ao=alsa', '--audio-device=alsa/hdmi:CARD=vc4hdmi0', '--hwdec=auto'];
    assert.deepEqual(audioArgs(extra), ['--ao=alsa', '--audio-device=alsa/hdmi:CARD=vc4hdmi0']);
    assert.equal(audioOutputName(audioArgs(extra)), 'alsa');
    assert.equal(audioOutputName([]), 'default');
  });

  it('tallies a media cache folder as the cache indexes it', () => {
    const t = tallyCache([
      { name: 'song-1.0123456789abcdef.mp4', bytes: 100 },
      { name: 'song-2.0123456789abcdef.mkv', bytes: 50 },
      { name: 'song-3.0123456789abcdef.mp4.part', bytes: 7 },
      { name: 'notes.txt', bytes: 3 },
    ]);
    assert.deepEqual(t, { files: 2, bytes: 150, parts: 1, partBytes: 7, foreign: ['notes.txt'] });
  });
});
