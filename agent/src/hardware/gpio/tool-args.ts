import type { LineBias } from './config.js';
import type { GpiodGeneration } from './libgpiod-output.js';

/**
 * The command lines the driver runs, per libgpiod generation. Pure.
 * 1.6: `<tool> [options] <chip> <offset>...`; 2.x: `<tool> [options] --chip <chip> <offset>...`.
 * Long options only (`-b` is --line-buffered in 1.6 but --bias in 2.x).
 */
const biasArg = (g: GpiodGeneration, bias: LineBias): string[] => {
  if (bias === 'as-is') return [];
  return [`--bias=${g === 1 && bias === 'disabled' ? 'disable' : bias}`];
};
const where = (g: GpiodGeneration, chip: string, rest: string[]) =>
  g === 1 ? [chip, ...rest] : ['--chip', chip, ...rest];

/** Both edges; 1.6 needs --line-buffered or its output sits in a 4 KiB stdio buffer on a pipe. */
export const monitorArgs = (g: GpiodGeneration, chip: string, offset: number, bias: LineBias): string[] =>
  g === 1
    ? ['--line-buffered', ...biasArg(g, bias), ...where(g, chip, [String(offset)])]
    : [...biasArg(g, bias), '--edges=both', ...where(g, chip, [String(offset)])];

export const getArgs = (g: GpiodGeneration, chip: string, offset: number, bias: LineBias): string[] => [
  ...biasArg(g, bias),
  ...where(g, chip, [String(offset)]),
];

/** Held until SIGTERM: 1.6 needs --mode=signal (its default exits at once and releases the line). */
export const setArgs = (g: GpiodGeneration, chip: string, offset: number, high: boolean): string[] =>
  g === 1
    ? ['--mode=signal', ...where(g, chip, [`${offset}=${high ? 1 : 0}`])]
    : where(g, chip, [`${offset}=${high ? 1 : 0}`]);

export const infoArgs = (g: GpiodGeneration, chip: string): string[] => (g === 1 ? [chip] : ['--chip', chip]);
