import type { RatePlan } from '../../billing/schemas.js';
import type { MenuItem } from '../../settings/business-settings.js';
import { canonicalJson, type MergeSpec } from './merge.js';
import type { CloudMenuItem } from './schemas.js';

/** Rate plans by id, compared in full (defaults filled in on both sides). */
export const ratePlanSpec: MergeSpec<RatePlan> = {
  idOf: (p) => p.id,
  same: (a, b) => canonicalJson(a) === canonicalJson(b),
  adopt: (cloud) => structuredClone(cloud),
};

/** Menu items by itemId, compared on what head office sets; the stock is the store's own count. */
export const menuItemSpec: MergeSpec<MenuItem> = {
  idOf: (m) => m.itemId,
  same: (a, b) => a.name === b.name && a.category === b.category && a.priceFen === b.priceFen,
  adopt: (cloud, local) => ({ ...cloudPart(cloud), stock: local?.stock ?? 0 }),
};

export function cloudPart(m: CloudMenuItem | MenuItem): CloudMenuItem {
  return { itemId: m.itemId, name: m.name, category: m.category, priceFen: m.priceFen };
}

/** A pushed item as a menu item for the merge: a new item starts with no stock. */
export function asMenuItem(m: CloudMenuItem): MenuItem {
  return { ...cloudPart(m), stock: 0 };
}
