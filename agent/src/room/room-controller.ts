import type { RoomEventInput, SensorState } from '@ktv/protocol';
import type { Logger } from 'pino';
import type { SensorPort } from '../hardware/sensors/port.js';
import type { CallStore } from './call-store.js';
import { INITIAL_SENSORS, type RoomInput, stepRoom } from './room-logic.js';

export interface RoomControllerDeps {
  sensors: SensorPort;
  /** Durable recording of an event (the outbox). */
  record: (event: RoomEventInput) => Promise<unknown>;
  /** Keeps a waiting service call across a restart. */
  calls: CallStore;
  logger: Logger;
}

/** Holds the room's sensor state: feeds sensor changes and commands through stepRoom. */
export class RoomController {
  private state: SensorState = INITIAL_SENSORS;
  private listeners = new Set<(sensors: SensorState) => void>();
  private offSensors: (() => void) | undefined;

  constructor(private readonly deps: RoomControllerDeps) {}

  get sensors(): SensorState {
    return this.state;
  }

  /** Door and motion are read from the lines; a call still waiting from before a restart stays. */
  async start(): Promise<void> {
    const callActive = await this.deps.calls.load();
    const levels = this.deps.sensors.levels();
    this.state = { ...INITIAL_SENSORS, doorOpen: levels.door, motion: levels.motion, callActive };
    if (callActive) this.deps.logger.info('a service call made before the restart is still waiting');
    this.offSensors = this.deps.sensors.onChange(({ line, level }) => {
      void this.apply({ kind: 'line', line, level });
    });
  }

  stop(): void {
    this.offSensors?.();
    this.offSensors = undefined;
  }

  onChange(listener: (sensors: SensorState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies an input: the state changes at once; resolves when the call flag (if it changed) and
   * the resulting events are durable. A failed save or record is logged (the state change stands).
   */
  async apply(input: RoomInput): Promise<void> {
    const step = stepRoom(this.state, input);
    const callChanged = step.sensors.callActive !== this.state.callActive;
    if (step.sensors !== this.state) {
      this.state = step.sensors;
      for (const l of this.listeners) l(this.state);
    }
    if (callChanged) {
      try {
        await this.deps.calls.save(step.sensors.callActive);
      } catch (e) {
        this.deps.logger.error({ err: e }, 'the service call could not be saved');
      }
    }
    for (const event of step.events) {
      try {
        await this.deps.record(event);
      } catch (e) {
        this.deps.logger.error({ err: e, type: event.type }, 'event could not be recorded');
      }
    }
  }
}
