import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreAlerts } from '../../alerts/store-alerts.js';
import type { RatePlan } from '../../billing/schemas.js';
import { validateRatePlan } from '../../billing/validate.js';
import type { Logger } from '../../logger.js';
import { type BusinessSettings, type MenuItem, validateBusinessSettings } from '../../settings/business-settings.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import { type AppliedVersion, checkPush } from './check-push.js';
import {
  type AppliedCatalog,
  CATALOG_KEPT,
  type DownlinkState,
  readDownlinkState,
  writeDownlinkState,
} from './downlink-state.js';
import { DownlinkErrorCodes, type DownlinkRefusal } from './errors.js';
import { asMenuItem, cloudPart, menuItemSpec, ratePlanSpec } from './item-specs.js';
import { mergeItems, type OverrideView, overridesOf } from './merge.js';
import type {
  CatalogPayload,
  CloudMenuItem,
  DownlinkKind,
  MenuPayload,
  PushPayload,
  RatePlansPayload,
} from './schemas.js';
import { parsePublicKey, type TrustedKey } from './signature.js';

export interface CloudDownlinkOptions {
  dataDir: string;
  storeId: string;
  /** Head office's ed25519 public keys (base64 of the raw 32 bytes, or SPKI PEM). */
  publicKeys: readonly string[];
  settings: SettingsStore;
  alerts: StoreAlerts;
  logger: Logger;
  now: () => number;
  /**
   * Pushes that arrive before start() wait (the gateway's other features write settings.json while
   * they start; one writer at a time). Default false: pushes are applied at once.
   */
  holdUntilStarted?: boolean;
}

export type DownlinkVerdict =
  | { result: 'applied'; kind: DownlinkKind; version: number; kept: string[] }
  | { result: 'unchanged'; kind: DownlinkKind; version: number }
  | { result: 'refused'; kind: string; code: DownlinkRefusal['code']; reason: string; version?: number };

/** The admin page's view: what was applied of each kind, and cloud value beside local override per item. */
export interface DownlinkView {
  applied: Record<'ratePlans' | 'menu', { version: number; issuedAt: number; appliedAt: number; keyId: string } | null>;
  ratePlans: OverrideView<RatePlan>[];
  menu: OverrideView<CloudMenuItem & { stock?: number }>[];
  catalog: (CatalogPayload['body'] & { version: number; issuedAt: number; appliedAt: number })[];
  trustedKeys: string[];
}

/**
 * Pushes from head office (rate plans, menu, catalog announcements), from any transport: the MQTT
 * bridge hands over what arrives on ktv/v1/{store}/cloud/down/{kind}, the HTTPS poll what it
 * fetched. `receive` never throws: a push is checked (checkPush), merged with the store's own
 * edits (merge.ts), checked again as settings, written to settings.json, then remembered in
 * DATA/cloud/downlink.json. A refusal is logged (code, reason), raises the `cloudPushRefused`
 * alert and changes nothing. A new rate plan is used by sessions opened after it: a running
 * session keeps the plan version it opened with (the journal's session record pins it).
 */
export class CloudDownlink {
  private state: DownlinkState = { version: 1, catalog: [] };
  private readonly keys: TrustedKey[];
  private queue: Promise<unknown>;
  private release: () => void = () => undefined;
  private readonly log: Logger;
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly o: CloudDownlinkOptions) {
    this.log = o.logger.child({ component: 'cloud-downlink' });
    this.queue = o.holdUntilStarted
      ? new Promise<void>((resolve) => {
          this.release = resolve;
        })
      : Promise.resolve();
    this.keys = o.publicKeys.map((k, i) => {
      try {
        return parsePublicKey(k);
      } catch (e) {
        throw new Error(`cloud.downlink.publicKeys/${i}: ${(e as Error).message}`);
      }
    });
  }

  static async open(o: CloudDownlinkOptions): Promise<CloudDownlink> {
    const downlink = new CloudDownlink(o);
    await mkdir(join(o.dataDir, 'cloud'), { recursive: true });
    downlink.state = await readDownlinkState(o.dataDir);
    if (downlink.keys.length === 0) downlink.log.warn('no cloud public key configured: every push will be refused');
    return downlink;
  }

  /** Lets held pushes through (holdUntilStarted). */
  start(): void {
    this.release();
  }

  /** One push; pushes are handled one at a time in arrival order. */
  receive(kind: string, payload: Buffer): Promise<DownlinkVerdict> {
    const run = this.queue.then(() => this.handle(kind, payload));
    this.queue = run.catch(() => undefined);
    return run;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private appliedVersion(kind: string): AppliedVersion | undefined {
    if (kind === 'ratePlans' || kind === 'menu') {
      const a = this.state[kind];
      return a ? { version: a.payload.version, payloadSha: a.payloadSha } : undefined;
    }
    const newest = this.state.catalog[0];
    return newest ? { version: newest.payload.version, payloadSha: newest.payloadSha } : undefined;
  }

  private async handle(kind: string, bytes: Buffer): Promise<DownlinkVerdict> {
    try {
      const checked = checkPush({
        kind,
        bytes,
        keys: this.keys,
        storeId: this.o.storeId,
        applied: this.appliedVersion(kind),
      });
      if (checked.result === 'refuse') return this.refused(kind, checked.refusal, checked.version);
      if (checked.result === 'unchanged') {
        this.log.debug({ kind, version: checked.version }, 'cloud push already applied');
        return { result: 'unchanged', kind: checked.kind, version: checked.version };
      }
      const applied = { payloadSha: checked.payloadSha, keyId: checked.keyId, appliedAt: this.o.now() };
      const outcome = await this.apply(checked.payload, applied);
      if ('code' in outcome) return this.refused(kind, outcome, checked.payload.version);
      this.o.alerts.clear('cloudPushRefused', kind);
      this.log.info(
        { kind, version: checked.payload.version, keyId: checked.keyId, localOverridesKept: outcome.kept },
        'cloud push applied',
      );
      this.emit();
      return { result: 'applied', kind: checked.kind, version: checked.payload.version, kept: outcome.kept };
    } catch (e) {
      this.log.error({ err: e, kind }, 'cloud push failed to apply');
      return this.refused(kind, { code: DownlinkErrorCodes.BODY, reason: `not applied: ${(e as Error).message}` });
    }
  }

  private refused(kind: string, refusal: DownlinkRefusal, version?: number): DownlinkVerdict {
    const applied = this.appliedVersion(kind)?.version ?? null;
    this.log.warn(
      { kind, code: refusal.code, reason: refusal.reason, version: version ?? null, appliedVersion: applied },
      'cloud push refused; settings unchanged',
    );
    this.o.alerts.raise('cloudPushRefused', kind, {
      code: refusal.code,
      reason: refusal.reason.slice(0, 200),
      ...(version === undefined ? {} : { version }),
    });
    return { result: 'refused', kind, ...refusal, ...(version === undefined ? {} : { version }) };
  }

  private async apply(
    payload: PushPayload,
    applied: { payloadSha: string; keyId: string; appliedAt: number },
  ): Promise<{ kept: string[] } | DownlinkRefusal> {
    switch (payload.kind) {
      case 'ratePlans':
        return this.applyRatePlans(payload, applied);
      case 'menu':
        return this.applyMenu(payload, applied);
      case 'catalog': {
        const entry: AppliedCatalog = { payload, ...applied };
        await this.saveState({ ...this.state, catalog: [entry, ...this.state.catalog].slice(0, CATALOG_KEPT) });
        return { kept: [] };
      }
    }
  }

  private async applyRatePlans(
    payload: RatePlansPayload,
    applied: { payloadSha: string; keyId: string; appliedAt: number },
  ): Promise<{ kept: string[] } | DownlinkRefusal> {
    for (const [i, plan] of payload.body.ratePlans.entries()) {
      const checked = validateRatePlan(plan);
      if (!checked.ok) {
        return { code: DownlinkErrorCodes.BODY, reason: `ratePlans/${i} (${plan.id}): ${checked.errors.join('; ')}` };
      }
    }
    const previous = this.state.ratePlans?.payload.body.ratePlans;
    const outcome = await this.updateBusiness((business) => {
      const merged = mergeItems(ratePlanSpec, previous, payload.body.ratePlans, business.ratePlans);
      return { business: { ...business, ratePlans: merged.items }, kept: merged.kept };
    });
    if ('code' in outcome) return outcome;
    await this.saveState({ ...this.state, ratePlans: { payload, ...applied } });
    return outcome;
  }

  private async applyMenu(
    payload: MenuPayload,
    applied: { payloadSha: string; keyId: string; appliedAt: number },
  ): Promise<{ kept: string[] } | DownlinkRefusal> {
    const previous = this.state.menu?.payload.body.items.map(asMenuItem);
    const next = payload.body.items.map(asMenuItem);
    const outcome = await this.updateBusiness((business) => {
      const merged = mergeItems(menuItemSpec, previous, next, business.menu);
      return { business: { ...business, menu: merged.items }, kept: merged.kept };
    });
    if ('code' in outcome) return outcome;
    await this.saveState({ ...this.state, menu: { payload, ...applied } });
    return outcome;
  }

  /**
   * Settings first, then the downlink state: after a crash in between, the same push comes again
   * and merges to the same result (a local value equal to the new cloud value is no override).
   */
  private async updateBusiness(
    change: (business: BusinessSettings) => { business: BusinessSettings; kept: string[] },
  ): Promise<{ kept: string[] } | DownlinkRefusal> {
    let refusal: DownlinkRefusal | undefined;
    let kept: string[] = [];
    await this.o.settings.update((doc) => {
      const current = doc.business;
      if (!current) {
        refusal = { code: DownlinkErrorCodes.BODY, reason: 'the store has no business settings yet' };
        return;
      }
      const next = change(structuredClone(current));
      const checked = validateBusinessSettings(structuredClone(next.business));
      if (!checked.ok) {
        refusal = {
          code: DownlinkErrorCodes.BODY,
          reason: `the settings it makes are invalid: ${checked.errors.join('; ')}`,
        };
        return;
      }
      for (const [i, plan] of checked.value.ratePlans.entries()) {
        const planChecked = validateRatePlan(plan);
        if (!planChecked.ok) {
          refusal = { code: DownlinkErrorCodes.BODY, reason: `ratePlans/${i}: ${planChecked.errors.join('; ')}` };
          return;
        }
      }
      doc.business = checked.value;
      kept = next.kept;
    });
    return refusal ?? { kept };
  }

  private async saveState(next: DownlinkState): Promise<void> {
    await writeDownlinkState(this.o.dataDir, next);
    this.state = next;
  }

  private emit(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch (e) {
        this.log.error({ err: e }, 'downlink listener failed');
      }
    }
  }

  /** Cloud values beside the store's (local overrides), for the admin page. */
  view(): DownlinkView {
    const business = this.o.settings.data.business;
    const rp = this.state.ratePlans;
    const menu = this.state.menu;
    const meta = (
      a: { payload: { version: number; issuedAt: number }; appliedAt: number; keyId: string } | undefined,
    ) =>
      a ? { version: a.payload.version, issuedAt: a.payload.issuedAt, appliedAt: a.appliedAt, keyId: a.keyId } : null;
    const localMenu: MenuItem[] = business?.menu ?? [];
    return {
      applied: { ratePlans: meta(rp), menu: meta(menu) },
      ratePlans: overridesOf(ratePlanSpec, rp?.payload.body.ratePlans, business?.ratePlans ?? []),
      menu: overridesOf(menuItemSpec, menu?.payload.body.items.map(asMenuItem), localMenu).map((v) => ({
        ...v,
        cloud: v.cloud ? cloudPart(v.cloud) : null,
      })),
      catalog: this.state.catalog.map((c) => ({
        ...c.payload.body,
        version: c.payload.version,
        issuedAt: c.payload.issuedAt,
        appliedAt: c.appliedAt,
      })),
      trustedKeys: this.keys.map((k) => k.keyId),
    };
  }
}
