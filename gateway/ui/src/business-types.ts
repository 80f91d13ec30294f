/** Shapes of the business API (issue #5, docs/interfaces.md), as the admin page sees them. */
export type BusinessState = 'idle' | 'booked' | 'inUse' | 'cleaning' | 'maintenance';
export type AlertCode = 'unbilledOccupancy' | 'roomMayBeEmpty';

export interface OrderLine {
  lineId: string;
  itemId: string;
  name: string;
  category: string;
  unitPriceFen: number;
  qty: number;
  voided?: { reason: string; at: number; by: string };
}

export interface SessionView {
  sessionId: string;
  room: string;
  openedAt: number;
  plannedEndAt: number | null;
  ratePlanId: string;
  packageId: string | null;
  memberLevel: string | null;
  elapsedSec: number;
  billSoFarFen: number;
  orders: OrderLine[];
}

export interface RoomBusiness {
  state: BusinessState;
  roomType: string;
  roomTypeName: string;
  booking: { name: string; at: number } | null;
  session: SessionView | null;
  alerts: { code: AlertCode; since: number }[];
}

export type BillLineKind =
  | 'time'
  | 'rounding'
  | 'package'
  | 'overtime'
  | 'order'
  | 'void'
  | 'discount'
  | 'minimumSpend'
  | 'serviceCharge'
  | 'roundDown';

export interface BillLine {
  kind: BillLineKind;
  label: string;
  room?: string;
  roomType?: string;
  period?: string;
  from?: number;
  to?: number;
  seconds?: number;
  minutes?: number;
  rateFenPerHour?: number;
  qty?: number;
  unitPriceFen?: number;
  amountFen: number;
  note?: string;
}

export interface Bill {
  lines: BillLine[];
  roomFeeFen: number;
  ordersFen: number;
  discountFen: number;
  serviceChargeFen: number;
  minimumSpendTopUpFen: number;
  roundDownFen: number;
  totalFen: number;
}

export interface MenuItem {
  itemId: string;
  name: string;
  category: string;
  priceFen: number;
  stock: number;
}

export interface BusinessSettings {
  roomTypes: { id: string; name: string }[];
  ratePlans: { id: string; name: string }[];
  packages: { id: string; name: string; priceFen: number; durationMin: number; roomTypes: string[] }[];
  menu: MenuItem[];
  memberLevels: { id: string; name: string }[];
  /** Optional: the store's IANA time zone and name, for times and the receipt's header. */
  timeZone?: string;
  storeName?: string;
}

/** The room tile's view plus the business part (absent until the gateway has it). */
export interface BusinessRoom {
  room: string;
  roomName: string;
  business?: RoomBusiness;
}

/** The actions the front desk may take on a room in each state (mirrors the gateway's state machine). */
export type DeskAction =
  | 'open'
  | 'extend'
  | 'move'
  | 'order'
  | 'checkout'
  | 'clean'
  | 'book'
  | 'unbook'
  | 'maintenanceOn'
  | 'maintenanceOff';

export const ACTIONS_BY_STATE: Readonly<Record<BusinessState, readonly DeskAction[]>> = {
  idle: ['open', 'book', 'maintenanceOn'],
  booked: ['open', 'unbook', 'maintenanceOn'],
  inUse: ['order', 'extend', 'move', 'checkout'],
  cleaning: ['clean', 'maintenanceOn'],
  maintenance: ['maintenanceOff'],
};
