import type { RoomEventInput, SensorState } from '@ktv/protocol';
import type { InputLine } from '../hardware/sensors/port.js';

/** Everything that can change a room's sensor state. */
export type RoomInput =
  /** A debounced sensor line changed. */
  | { kind: 'line'; line: InputLine; level: boolean }
  /** The touchscreen's 呼叫服务 button. */
  | { kind: 'screenCall' }
  /** Staff answered the call (service.acknowledge command from the gateway). */
  | { kind: 'acknowledge'; by: string };

export interface RoomStep {
  sensors: SensorState;
  events: RoomEventInput[];
}

export const INITIAL_SENSORS: SensorState = Object.freeze({ doorOpen: false, motion: false, callActive: false });

function toggleCall(sensors: SensorState): RoomStep {
  const callActive = !sensors.callActive;
  return {
    sensors: { ...sensors, callActive },
    events: [callActive ? { type: 'service.called', data: {} } : { type: 'service.cancelled', data: {} }],
  };
}

/** Pure: the next sensor state and the events to record. */
export function stepRoom(sensors: SensorState, input: RoomInput): RoomStep {
  const same: RoomStep = { sensors, events: [] };
  switch (input.kind) {
    case 'line':
      switch (input.line) {
        case 'door':
          if (sensors.doorOpen === input.level) return same;
          return {
            sensors: { ...sensors, doorOpen: input.level },
            events: [{ type: 'sensor.changed', data: { sensor: 'door', value: input.level } }],
          };
        case 'motion':
          if (sensors.motion === input.level) return same;
          return {
            sensors: { ...sensors, motion: input.level },
            events: [{ type: 'sensor.changed', data: { sensor: 'motion', value: input.level } }],
          };
        case 'callButton':
          // The press toggles the call; the release does nothing.
          return input.level ? toggleCall(sensors) : same;
      }
      return same;
    case 'screenCall':
      return toggleCall(sensors);
    case 'acknowledge':
      if (!sensors.callActive) return same;
      return {
        sensors: { ...sensors, callActive: false },
        events: [{ type: 'service.acknowledged', data: { by: input.by } }],
      };
  }
}
