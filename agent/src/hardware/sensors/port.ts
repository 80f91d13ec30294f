/**
 * The sensor port: door contact, PIR and call button as input lines with logical levels
 * (door: true = open; motion: true = motion seen; callButton: true = pressed). A driver maps its
 * electrical levels (active-low contacts and so on) to these.
 */
export const INPUT_LINES = ['door', 'motion', 'callButton'] as const;
export type InputLine = (typeof INPUT_LINES)[number];
export type LineLevels = Record<InputLine, boolean>;

export interface LineChange {
  line: InputLine;
  level: boolean;
  /** Clock time of the first edge of the change (before debouncing). */
  at: number;
}

export type RawListener = (line: InputLine, level: boolean, at: number) => void;

/** A driver reports every raw edge it sees, bounce included. */
export interface SensorDriver {
  readonly name: string;
  /** Starts watching the lines; resolves with their levels now. */
  start(onRaw: RawListener): Promise<LineLevels>;
  stop(): Promise<void>;
}

/** What the rest of the agent uses: debounced changes. */
export interface SensorPort {
  start(): Promise<void>;
  stop(): Promise<void>;
  levels(): LineLevels;
  onChange(listener: (change: LineChange) => void): () => void;
}
