export { BillingError, type BillingErrorCode, BillingErrorCodes, type BillingProblem } from './errors.js';
export { quoteBill } from './quote.js';
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
export { validateRatePlan, validateSessionInput } from './validate.js';
