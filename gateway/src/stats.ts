/** The contract's GatewayStats, plus a few extra counters (additive). */
export interface GatewayStats {
  invalidMessages: number;
  refusedAuth: number;
  refusedPublish: number;
  refusedSubscribe: number;
  eventsReceived: number;
  duplicateEvents: number;
  clientsConnected: number;
  /** Connections refused for their client id or the per-device connection limit. */
  refusedConnections: number;
  /** A client id connected again while connected: the old session was taken over. */
  takeovers: number;
  /** Packets over mqtt.maxPacketBytes (also counted in invalidMessages). */
  oversizedPackets: number;
}

export type CounterName = Exclude<keyof GatewayStats, 'clientsConnected'>;

/** Gateway counters, global and per room / per device for invalid messages. */
export class Counters {
  private readonly values: Record<CounterName, number> = {
    invalidMessages: 0,
    refusedAuth: 0,
    refusedPublish: 0,
    refusedSubscribe: 0,
    eventsReceived: 0,
    duplicateEvents: 0,
    refusedConnections: 0,
    takeovers: 0,
    oversizedPackets: 0,
  };
  private readonly invalidByRoom = new Map<string, number>();
  private readonly invalidByDevice = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly roomListeners = new Set<(room: string) => void>();
  clientsConnected = 0;

  increment(name: CounterName): void {
    this.values[name]++;
    this.changed();
  }

  /** One invalid message, attributed to its room and device when they are known. */
  invalid(room: string | undefined, deviceId: string | undefined): void {
    this.values.invalidMessages++;
    if (room !== undefined) this.invalidByRoom.set(room, (this.invalidByRoom.get(room) ?? 0) + 1);
    if (deviceId !== undefined) this.invalidByDevice.set(deviceId, (this.invalidByDevice.get(deviceId) ?? 0) + 1);
    this.changed();
    if (room !== undefined) for (const l of this.roomListeners) l(room);
  }

  setClientsConnected(n: number): void {
    this.clientsConnected = n;
    this.changed();
  }

  roomInvalid(room: string): number {
    return this.invalidByRoom.get(room) ?? 0;
  }

  deviceInvalid(deviceId: string): number {
    return this.invalidByDevice.get(deviceId) ?? 0;
  }

  snapshot(): GatewayStats {
    return { ...this.values, clientsConnected: this.clientsConnected };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A room's invalid counter changed. */
  onRoomInvalid(listener: (room: string) => void): () => void {
    this.roomListeners.add(listener);
    return () => this.roomListeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
