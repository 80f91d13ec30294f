export { BillingError, type BillingErrorCode, BillingErrorCodes, type BillingProblem } from './errors.js';
export { BillLabels } from './labels.js';
export { yuan } from './money.js';
export { checkRatePlan } from './plan-check.js';
export { quoteBill } from './quote.js';
export { dayTypeOf, periodAt } from './schedule.js';
export {
  type Bill,
  type BillLine,
  type BillLineKind,
  BillLineSchema,
  BillSchema,
  type MemberLevel,
  type OrderLine,
  type Package,
  type Period,
  type RatePlan,
  RatePlanSchema,
  type Segment,
  type SessionInput,
  SessionInputSchema,
} from './schemas.js';
export { checkSession } from './session-check.js';
export { validateRatePlan, validateSessionInput } from './validate.js';
