import type { RoomView } from '../rooms/room-view.js';
import type { RoomAlert } from './alerts/rules.js';
import type { RoomState } from './room-state/room-state.js';
import type { Booking } from './sessions/model.js';
import type { SessionView } from './sessions/views.js';

/** The business part of a room on the admin page (docs/interfaces.md, "Rooms as a business"). */
export interface RoomBusinessView {
  state: RoomState;
  roomType: string;
  roomTypeName: string;
  booking: Booking | null;
  session: SessionView | null;
  alerts: RoomAlert[];
}

export type RoomViewWithBusiness = RoomView & { business: RoomBusinessView };

/** `GET /api/business/settings`: what the front desk's forms offer. */
export interface BusinessSettingsView {
  roomTypes: { id: string; name: string }[];
  ratePlans: { id: string; name: string }[];
  packages: { id: string; name: string; priceFen: number; durationMin: number; roomTypes: string[] }[];
  menu: { itemId: string; name: string; category: string; priceFen: number; stock: number }[];
  memberLevels: { id: string; name: string }[];
  /** The store's time zone (its rate plans'), so screens and receipts show the store's clock. */
  timeZone?: string;
}
