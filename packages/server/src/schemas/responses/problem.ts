import { HTTP_STATUS_BY_CODE, type ErrorCode } from '@boxoffice/sdk';
import { z } from 'zod';
import type { Problem } from '../../problem.js';
import { component, shapeOf } from './registry.js';

const codes = Object.keys(HTTP_STATUS_BY_CODE) as [ErrorCode, ...ErrorCode[]];

/** Every error answer: RFC 9457 problem details with the stable BoxOffice code (problem.ts builds them). */
export const problemSchema = component(
  'Problem',
  z.object({
    type: z.string().meta({ example: 'urn:boxoffice:error:SEAT_UNAVAILABLE' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(codes).describe('The stable error code: the SDK throws a BoxOfficeError with the same one.'),
    field: z.string().optional().describe('The input field at fault, as a dotted path.'),
    details: z.record(z.string(), z.unknown()).optional(),
    instance: z.string().optional(),
    requestId: z
      .string()
      .optional()
      .describe("The request's id (its X-Request-Id answer header; on an answer replayed for an Idempotency-Key, the first request's id): quote it when reporting the failure."),
  }),
  'RFC 9457 problem details with the stable BoxOffice error code.',
);
shapeOf<z.output<typeof problemSchema>, Problem>(true);
