import { compile, defaultSceneSettings, SceneSettings } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';
import type { Logger } from '../logger.js';
import type { SettingsStore } from './settings-store.js';

/**
 * The light scenes and the idle time of the rooms (issue #9), kept in DATA/settings.json under
 * `scenes` (seeded with the protocol's defaults on first start) and pushed to every room. An admin
 * saves the scenes and the idle time; the gateway stamps the version and the time.
 */
export const validateSceneSettings = compile(SceneSettings);

/** What an admin sends to save the scenes: everything but the version and time, which the gateway sets. */
export const SceneSettingsInput = Type.Object(
  {
    idleMinutes: SceneSettings.properties.idleMinutes,
    welcomeSeconds: SceneSettings.properties.welcomeSeconds,
    scenes: SceneSettings.properties.scenes,
  },
  { additionalProperties: false },
);
export type SceneSettingsInput = Static<typeof SceneSettingsInput>;

/** The scenes from settings.json, seeded on first use; a broken document stops the start with its path. */
export async function loadSceneSettings(
  settings: SettingsStore,
  logger: Logger,
  now: () => number,
): Promise<SceneSettings> {
  if (settings.data.scenes === undefined) {
    await settings.update((doc) => {
      doc.scenes = defaultSceneSettings(now());
    });
    logger.info('light scenes seeded with the defaults');
  }
  const checked = validateSceneSettings(settings.data.scenes);
  if (!checked.ok) throw new Error(`settings.json scenes: ${checked.errors.join('; ')}`);
  return checked.value;
}

/** Saves new scenes as the next version; returns what was saved. */
export async function saveSceneSettings(
  settings: SettingsStore,
  input: SceneSettingsInput,
  now: () => number,
): Promise<SceneSettings> {
  let saved: SceneSettings | undefined;
  await settings.update((doc) => {
    const version = (doc.scenes?.version ?? 0) + 1;
    saved = { version, idleMinutes: input.idleMinutes, scenes: input.scenes, updatedAt: now() };
    if (input.welcomeSeconds !== undefined) saved.welcomeSeconds = input.welcomeSeconds;
    doc.scenes = saved;
  });
  if (!saved) throw new Error('scenes not saved');
  return saved;
}
