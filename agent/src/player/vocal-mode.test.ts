import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadfileCommand, quoteOptionValue, seekAbsoluteCommand, setAudioFiltersCommand } from './mpv-commands.js';
import { audioFilterChain, type VocalCarrier, type VocalMode, vocalSettings } from './vocal-mode.js';

describe('vocal mode settings', () => {
  const cases: [string, VocalCarrier | undefined, VocalMode, { aid: number | null; panGraph: string | null }][] = [
    ['no carrier: leave mpv alone', undefined, 'vocalsOff', { aid: null, panGraph: null }],
    ['track, 原唱', { kind: 'track', vocalsTrack: 1, backingTrack: 2 }, 'vocalsOn', { aid: 1, panGraph: null }],
    ['track, 伴唱', { kind: 'track', vocalsTrack: 1, backingTrack: 2 }, 'vocalsOff', { aid: 2, panGraph: null }],
    ['track reversed', { kind: 'track', vocalsTrack: 2, backingTrack: 1 }, 'vocalsOff', { aid: 1, panGraph: null }],
    [
      'right vocals, 原唱: right on both',
      { kind: 'channel', vocalsChannel: 'right' },
      'vocalsOn',
      { aid: null, panGraph: 'pan=stereo|c0=c1|c1=c1' },
    ],
    [
      'right vocals, 伴唱: left on both',
      { kind: 'channel', vocalsChannel: 'right' },
      'vocalsOff',
      { aid: null, panGraph: 'pan=stereo|c0=c0|c1=c0' },
    ],
    [
      'left vocals, 原唱: left on both',
      { kind: 'channel', vocalsChannel: 'left' },
      'vocalsOn',
      { aid: null, panGraph: 'pan=stereo|c0=c0|c1=c0' },
    ],
    [
      'left vocals, 伴唱: right on both',
      { kind: 'channel', vocalsChannel: 'left' },
      'vocalsOff',
      { aid: null, panGraph: 'pan=stereo|c0=c1|c1=c1' },
    ],
  ];
  for (const [name, carrier, mode, expected] of cases) {
    it(name, () => assert.deepEqual(vocalSettings(carrier, mode), expected));
  }

  it('the filter chain is labelled so that it can be told apart', () => {
    assert.equal(audioFilterChain({ panGraph: null }), '');
    assert.equal(audioFilterChain({ panGraph: 'pan=stereo|c0=c1|c1=c1' }), '@ktvvocal:lavfi=[pan=stereo|c0=c1|c1=c1]');
  });
});

describe('mpv command builders', () => {
  it('quotes per-file option values by byte length', () => {
    assert.equal(quoteOptionValue('a,b'), '%3%a,b');
    assert.equal(quoteOptionValue('月光'), '%6%月光');
    assert.deepEqual(loadfileCommand('/m/月光,1.mkv', 'replace', { start: '1.5', aid: '2' }), [
      'loadfile',
      '/m/月光,1.mkv',
      'replace',
      'start=%3%1.5,aid=%1%2',
    ]);
    assert.deepEqual(loadfileCommand('/m/a.mkv', 'append'), ['loadfile', '/m/a.mkv', 'append']);
  });

  it('seeks in seconds, absolute and exact; an empty chain clears af', () => {
    assert.deepEqual(seekAbsoluteCommand(12_345), ['seek', 12.345, 'absolute+exact']);
    assert.deepEqual(setAudioFiltersCommand(''), ['af', 'clr', '']);
    assert.deepEqual(setAudioFiltersCommand('@x:lavfi=[pan=mono|c0=c0]'), ['af', 'set', '@x:lavfi=[pan=mono|c0=c0]']);
  });
});
