import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeAmixerState } from './fake-amixer.js';

/** A typical USB audio card: stereo Master with a switch, stereo Capture. */
export function usbCardState(): FakeAmixerState {
  return {
    cards: [
      {
        index: 0,
        id: 'Device',
        controls: {
          Master: {
            channels: ['Front Left', 'Front Right'],
            playback: { min: 0, max: 87, values: [52, 52], switches: [true, true], db: [-65.25, 0] },
          },
          Capture: {
            channels: ['Front Left', 'Front Right'],
            capture: { min: 0, max: 63, values: [38, 38], switches: [true, true], db: [-12, 35.25] },
          },
          // The Pi's analog output: mono, no switch (muting must fall back to 0%).
          PCM: { channels: ['Mono'], playback: { min: -10239, max: 400, values: [-2000], db: [-102.39, 4] } },
        },
      },
    ],
    calls: [],
  };
}

export interface AmixerStub {
  /** Environment whose PATH finds the stand-in `amixer` first. */
  env: NodeJS.ProcessEnv;
  state(): Promise<FakeAmixerState>;
  cleanup(): Promise<void>;
}

/** Puts an executable `amixer` (the stand-in, run by this Node) in a temp dir at the front of PATH. */
export async function installAmixerStub(state: FakeAmixerState = usbCardState()): Promise<AmixerStub> {
  const dir = await mkdtemp(join(tmpdir(), 'ktv-amixer-'));
  const stateFile = join(dir, 'state.json');
  await writeFile(stateFile, JSON.stringify(state));
  const script = fileURLToPath(new URL('./fake-amixer.js', import.meta.url));
  const bin = join(dir, 'amixer');
  await writeFile(bin, `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  await chmod(bin, 0o755);
  return {
    env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`, FAKE_AMIXER_STATE: stateFile },
    state: async () => JSON.parse(await readFile(stateFile, 'utf8')) as FakeAmixerState,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
