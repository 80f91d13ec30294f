import type { SettingsDocument } from '../settings/types.js';

/** Where a store is when its settings do not say (the demo store's zone). */
export const DEFAULT_STORE_TIME_ZONE = 'Asia/Shanghai';

/** The store's time zone: its rate plans' (business settings), as screens and receipts use it. */
export function storeTimeZone(doc: Pick<SettingsDocument, 'business'>): string {
  return doc.business?.ratePlans[0]?.timeZone ?? DEFAULT_STORE_TIME_ZONE;
}
