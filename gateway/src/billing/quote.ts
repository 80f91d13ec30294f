import { BillingError, BillingErrorCodes } from './errors.js';
import type { Bill, RatePlan, SessionInput } from './schemas.js';

/**
 * The bill of a session under a rate plan. Pure: no clock, no I/O. For the bill so far, pass the
 * running segment with endAt = now. Never throws for a validated plan and a session that fits it;
 * a session that does not fit (unknown room type, package outside its window, ...) throws a
 * BillingError with a stable code (see checkSession to ask first).
 */
export function quoteBill(plan: RatePlan, session: SessionInput): Bill {
  void plan;
  void session;
  throw new BillingError(BillingErrorCodes.PLAN, 'not implemented yet');
}
