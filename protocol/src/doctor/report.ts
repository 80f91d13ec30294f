import { type Static, Type } from '@sinclair/typebox';

/**
 * What `ktv-agent doctor --json` and `ktv-gateway doctor --json` print: one JSON document for
 * scripts. Fault codes (D1xx agent, D2xx gateway) are stable; docs/doctor.md lists them.
 */
export const DoctorStatus = Type.Union([Type.Literal('ok'), Type.Literal('fault'), Type.Literal('skip')]);
export type DoctorStatus = Static<typeof DoctorStatus>;

export const DoctorResult = Type.Object(
  {
    /** Stable check name: `config`, `dataDir`, `mpv`, ... */
    check: Type.String(),
    status: DoctorStatus,
    /** The fault number (`D101`), only when status is `fault`. */
    code: Type.Optional(Type.String({ pattern: '^D[0-9]{3}$' })),
    /** What the check is, in the chosen language. */
    title: Type.String(),
    /** What was found, in the chosen language. */
    message: Type.String(),
    /** How to fix it (faults only), in the chosen language. */
    fix: Type.Optional(Type.String()),
    /** The system's own words (an errno message, a tool's output line), untranslated. */
    detail: Type.Optional(Type.String()),
    /** How long the check took. */
    ms: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type DoctorResult = Static<typeof DoctorResult>;

export const DoctorReport = Type.Object(
  {
    program: Type.Union([Type.Literal('ktv-agent'), Type.Literal('ktv-gateway')]),
    version: Type.String(),
    lang: Type.String(),
    /** False when any check found a fault (the exit code is then non-zero). */
    ok: Type.Boolean(),
    faults: Type.Array(Type.String()),
    results: Type.Array(DoctorResult),
  },
  { additionalProperties: false },
);
export type DoctorReport = Static<typeof DoctorReport>;
