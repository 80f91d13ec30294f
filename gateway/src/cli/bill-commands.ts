import { readFile } from 'node:fs/promises';
import type { Checked } from '@ktv/protocol';
import {
  BillingError,
  BillingErrorCodes,
  quoteBill,
  validateRatePlan,
  validateSessionInput,
} from '../billing/index.js';

export interface BillQuoteOptions {
  readonly plan: string | undefined;
  readonly session: string | undefined;
}

type Out = (line: string) => void;

class BadFile extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

async function readChecked<T>(file: string, what: string, check: (v: unknown) => Checked<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new BadFile(BillingErrorCodes.SCHEMA, `cannot read ${what} ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BadFile(BillingErrorCodes.SCHEMA, `${what} ${file} is not JSON: ${(e as Error).message}`);
  }
  const checked = check(json);
  if (!checked.ok) throw new BadFile(BillingErrorCodes.SCHEMA, `${what} ${file} is invalid`, checked.errors);
  return checked.value;
}

/**
 * `ktv-gateway bill quote --plan PLAN.json --session SESSION.json`: prints the Bill as JSON.
 * Returns the exit code: 0, or 2 for a missing option, a bad file (every error with its path) or
 * a session the plan cannot bill (the error's code and message).
 */
export async function billQuote(options: BillQuoteOptions, stdout: Out, stderr: Out): Promise<number> {
  if (!options.plan || !options.session) {
    stderr('ktv-gateway: bill quote needs --plan PLAN.json and --session SESSION.json');
    return 2;
  }
  try {
    const plan = await readChecked(options.plan, 'plan', validateRatePlan);
    const session = await readChecked(options.session, 'session', validateSessionInput);
    stdout(JSON.stringify(quoteBill(plan, session), null, 2));
    return 0;
  } catch (e) {
    if (e instanceof BadFile || e instanceof BillingError) {
      stderr(`ktv-gateway: ${e.code}: ${e.message}`);
      for (const line of e.details) stderr(`  ${line}`);
      return 2;
    }
    throw e;
  }
}
