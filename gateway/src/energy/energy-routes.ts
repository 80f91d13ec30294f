import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EnergyReport } from './hours.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const EnergyQuery = Type.Object(
  { from: Day, to: Day, token: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
type EnergyQuery = Static<typeof EnergyQuery>;

/** At most this many days in one report (a year and a bit). */
export const MAX_REPORT_DAYS = 400;

export type RequireAdmin = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * `GET /api/energy?from=YYYY-MM-DD&to=YYYY-MM-DD`: per room and per day of the store's time zone,
 * powered and in-use milliseconds (EnergyReport). 400 KTV_E_BAD_REQUEST for a bad or reversed range.
 */
export function energyRoutes(report: (from: string, to: string) => Promise<EnergyReport>) {
  return async (app: FastifyInstance, requireAdmin: RequireAdmin): Promise<void> => {
    app.get<{ Querystring: EnergyQuery }>(
      '/api/energy',
      { preHandler: requireAdmin, schema: { querystring: EnergyQuery } },
      async (request, reply) => {
        const { from, to } = request.query;
        const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
        if (!(span >= 0) || span >= MAX_REPORT_DAYS) {
          return reply.code(400).send({
            code: 'KTV_E_BAD_REQUEST',
            message: `from..to must be a range of 1..${MAX_REPORT_DAYS} days, got ${from}..${to}`,
          });
        }
        return report(from, to);
      },
    );
  };
}
