import { type Checked, compile } from '@ktv/protocol';
import { checkRatePlan } from './plan-check.js';
import { type RatePlan, RatePlanSchema, type SessionInput, SessionInputSchema } from './schemas.js';
import { checkSegmentOrder } from './session-check.js';

const checkPlanSchema = compile(RatePlanSchema);
const checkSessionSchema = compile(SessionInputSchema);

/**
 * A rate plan from outside (a file, the admin API): the schema (defaults filled in, on a copy),
 * then consistency (time zone, gaps and overlaps of periods, packages); every error with its path.
 */
export function validateRatePlan(v: unknown): Checked<RatePlan> {
  const checked = checkPlanSchema(structuredClone(v));
  if (!checked.ok) return checked;
  const errors = checkRatePlan(checked.value);
  return errors.length > 0 ? { ok: false, errors } : checked;
}

/** A session from outside: the schema (defaults filled in, on a copy), then segments in time order. */
export function validateSessionInput(v: unknown): Checked<SessionInput> {
  const checked = checkSessionSchema(structuredClone(v));
  if (!checked.ok) return checked;
  const errors = checkSegmentOrder(checked.value);
  return errors.length > 0 ? { ok: false, errors } : checked;
}
