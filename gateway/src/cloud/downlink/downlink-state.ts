import { join } from 'node:path';
import { compile } from '@ktv/protocol';
import { type Static, Type } from '@sinclair/typebox';
import { readDurableJson, writeDurableJson } from '../../journal/durable-file.js';
import { nodeJournalFiles } from '../../journal/file-port.js';
import { CatalogPayloadSchema, MenuPayloadSchema, RatePlansPayloadSchema } from './schemas.js';

/** DATA/cloud/downlink.json: what the store applied of each kind (checksummed, replaced atomically). */
export const DOWNLINK_STATE_FILE = join('cloud', 'downlink.json');

function appliedOf<P extends typeof RatePlansPayloadSchema | typeof MenuPayloadSchema | typeof CatalogPayloadSchema>(
  payload: P,
) {
  return Type.Object(
    {
      payload,
      payloadSha: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      keyId: Type.String(),
      appliedAt: Type.Integer({ minimum: 0 }),
    },
    { additionalProperties: false },
  );
}

export const AppliedRatePlansSchema = appliedOf(RatePlansPayloadSchema);
export const AppliedMenuSchema = appliedOf(MenuPayloadSchema);
export const AppliedCatalogSchema = appliedOf(CatalogPayloadSchema);

export const DownlinkStateSchema = Type.Object(
  {
    version: Type.Literal(1),
    ratePlans: Type.Optional(AppliedRatePlansSchema),
    menu: Type.Optional(AppliedMenuSchema),
    /** Catalog announcements, newest first (the last few). */
    catalog: Type.Array(AppliedCatalogSchema, { default: [] }),
  },
  { additionalProperties: false },
);
export type DownlinkState = Static<typeof DownlinkStateSchema>;
export type AppliedRatePlans = Static<typeof AppliedRatePlansSchema>;
export type AppliedMenu = Static<typeof AppliedMenuSchema>;
export type AppliedCatalog = Static<typeof AppliedCatalogSchema>;

export const CATALOG_KEPT = 20;

const checkState = compile(DownlinkStateSchema);

export async function readDownlinkState(dataDir: string): Promise<DownlinkState> {
  const file = join(dataDir, DOWNLINK_STATE_FILE);
  const doc = await readDurableJson(file);
  if (doc === undefined) return { version: 1, catalog: [] };
  const checked = checkState(doc);
  if (!checked.ok) throw new Error(`${file}: ${checked.errors.join('; ')}`);
  return checked.value;
}

export async function writeDownlinkState(dataDir: string, state: DownlinkState): Promise<void> {
  await writeDurableJson(nodeJournalFiles, join(dataDir, DOWNLINK_STATE_FILE), state);
}
