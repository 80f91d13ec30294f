import { type Checked, compile } from '@ktv/protocol';
import { type RatePlan, RatePlanSchema, type SessionInput, SessionInputSchema } from './schemas.js';

const checkPlanSchema = compile(RatePlanSchema);
const checkSessionSchema = compile(SessionInputSchema);

/** Schema (defaults filled in on a copy) + consistency checks; every error with its path. */
export function validateRatePlan(v: unknown): Checked<RatePlan> {
  return checkPlanSchema(structuredClone(v));
}

/** Schema (defaults filled in on a copy) + segments in time order; every error with its path. */
export function validateSessionInput(v: unknown): Checked<SessionInput> {
  return checkSessionSchema(structuredClone(v));
}
