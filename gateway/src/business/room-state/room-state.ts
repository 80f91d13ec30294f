/** Room states as the front desk sees them (GLOSSARY: 空闲 已预订 使用中 待清洁 维修). */
export type RoomState = 'idle' | 'booked' | 'inUse' | 'cleaning' | 'maintenance';

export const ROOM_STATES: readonly RoomState[] = ['idle', 'booked', 'inUse', 'cleaning', 'maintenance'];

/**
 * What staff (or the session flow) do to a room. `moveOut` / `moveIn` are the two halves of 换房:
 * the source room goes to cleaning, the target is taken into use.
 */
export type RoomAction =
  | 'book'
  | 'unbook'
  | 'open'
  | 'checkout'
  | 'clean'
  | 'maintenanceOn'
  | 'maintenanceOff'
  | 'moveOut'
  | 'moveIn';

export const ROOM_ACTIONS: readonly RoomAction[] = [
  'book',
  'unbook',
  'open',
  'checkout',
  'clean',
  'maintenanceOn',
  'maintenanceOff',
  'moveOut',
  'moveIn',
];

/** The allowed transitions: action -> from-state -> to-state. Anything missing is refused. */
const TRANSITIONS: Readonly<Record<RoomAction, Partial<Record<RoomState, RoomState>>>> = {
  book: { idle: 'booked' },
  unbook: { booked: 'idle' },
  open: { idle: 'inUse', booked: 'inUse' },
  checkout: { inUse: 'cleaning' },
  clean: { cleaning: 'idle' },
  maintenanceOn: { idle: 'maintenance', booked: 'maintenance', cleaning: 'maintenance' },
  maintenanceOff: { maintenance: 'idle' },
  moveOut: { inUse: 'cleaning' },
  moveIn: { idle: 'inUse', booked: 'inUse' },
};

export type Transition = { ok: true; to: RoomState } | { ok: false; message: string };

/** Pure: the state after `action`, or why the room refuses it (names the room, state and action). */
export function transition(room: string, from: RoomState, action: RoomAction): Transition {
  const to = TRANSITIONS[action][from];
  if (to !== undefined) return { ok: true, to };
  return { ok: false, message: `room ${room} is ${from}: cannot ${action}` };
}

/** The actions a room in `state` accepts (for the admin page's buttons and for tests). */
export function allowedActions(state: RoomState): RoomAction[] {
  return ROOM_ACTIONS.filter((a) => TRANSITIONS[a][state] !== undefined);
}
