/**
 * A small getopt_long as the libgpiod tools use it: `--name=value`, `--name value`, `-x value`,
 * `-xvalue`, bundled flags (`-lb`), `+` (stop at the first non-option), `--` ends options.
 */
export interface OptSpec {
  /** Long name -> short letter (or the long name itself when there is none) and whether it takes a value. */
  long: Record<string, { key: string; arg: boolean }>;
  /** Short letters that take a value. */
  shortWithArg: string;
  /** Short letters without a value. */
  shortFlags: string;
}

export type Parsed = { options: Map<string, string | true>; rest: string[] } | { error: string };

export function getopt(argv: string[], spec: OptSpec): Parsed {
  const options = new Map<string, string | true>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name = '', inline] = a.slice(2).split(/=(.*)/s, 2);
      const o = spec.long[name];
      if (!o) return { error: `unrecognized option '--${name}'` };
      if (o.arg) {
        const value = inline ?? argv[++i];
        if (value === undefined) return { error: `option '--${name}' requires an argument` };
        options.set(o.key, value);
      } else {
        if (inline !== undefined) return { error: `option '--${name}' doesn't allow an argument` };
        options.set(o.key, true);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] ?? '';
        if (spec.shortWithArg.includes(c)) {
          const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (value === undefined) return { error: `option requires an argument -- '${c}'` };
          options.set(c, value);
          break;
        }
        if (!spec.shortFlags.includes(c)) return { error: `invalid option -- '${c}'` };
        options.set(c, true);
      }
      continue;
    }
    // `+` in the libgpiod shortopts: options end at the first non-option argument.
    rest.push(...argv.slice(i));
    break;
  }
  return { options, rest };
}
