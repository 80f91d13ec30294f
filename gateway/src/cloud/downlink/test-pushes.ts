import { createPrivateKey, type KeyObject } from 'node:crypto';
import { demoRatePlan } from '../../settings/business-settings.js';
import type { PushPayload } from './schemas.js';
import { generateHeadOfficeKey, signPayloadBytes } from './sign-push.js';

/** Head office for tests: a key pair and signed pushes made the way `ktv-gateway cloud sign` makes them. */
export class TestHeadOffice {
  readonly publicKey: string;
  readonly keyId: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const k = generateHeadOfficeKey();
    this.publicKey = k.publicKey;
    this.keyId = k.keyId;
    this.privateKey = createPrivateKey(k.privateKeyPem);
  }

  signed(payload: PushPayload | Record<string, unknown>): Buffer {
    const envelope = signPayloadBytes(Buffer.from(JSON.stringify(payload), 'utf8'), this.privateKey);
    return Buffer.from(JSON.stringify(envelope), 'utf8');
  }
}

/** The demo plan with every hourly price raised by `addFen` (a new version of `standard`). */
export function pricierPlan(addFen: number) {
  const plan = demoRatePlan();
  for (const type of Object.values(plan.roomTypes)) {
    for (const p of type.periods) p.pricePerHourFen += addFen;
  }
  return plan;
}

export function ratePlansPush(version: number, ratePlans = [pricierPlan(1000)], stores: '*' | string[] = '*') {
  return { kind: 'ratePlans', version, issuedAt: 1_790_000_000_000, stores, body: { ratePlans } } as const;
}

export function menuPush(
  version: number,
  items: { itemId: string; name: string; category: string; priceFen: number }[],
) {
  return { kind: 'menu', version, issuedAt: 1_790_000_000_000, stores: '*', body: { items } } as const;
}
