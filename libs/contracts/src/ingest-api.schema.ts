import { z } from 'zod';
import { EventVerdictSchema, RejectionSchema } from './event-verdict';

/** `200` answer of `POST /v1/events`: every event of the batch, in order, and the counts per status. */
export const IngestAnswerSchema = z
  .object({
    accepted: z.number().int().nonnegative(),
    duplicate: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
    results: z.array(EventVerdictSchema),
  })
  .strict();

/** Codes of an error answer; the HTTP status is fixed per code (see the OpenAPI document). */
export const INGEST_ERROR_CODES = [
  'invalid_batch',
  'invalid_declaration',
  'malformed_request',
  'batch_too_large',
  'headers_too_large',
  'unauthorized',
  'forbidden',
  'unknown_event',
  'invalid_query',
  'request_timeout',
  'rate_limited',
  'log_unavailable',
] as const;

/** Any non-2xx answer: nothing of the batch was accepted (`unknown_event`: `GET /v1/events/:id` found no acceptance). */
export const IngestErrorSchema = z
  .object({
    error: z.enum(INGEST_ERROR_CODES),
    message: z.string(),
    errors: z.array(RejectionSchema).optional(),
    retryAfterSeconds: z.number().int().positive().optional(),
  })
  .strict();

export type IngestAnswer = z.infer<typeof IngestAnswerSchema>;
export type IngestErrorCode = (typeof INGEST_ERROR_CODES)[number];
export type IngestError = z.infer<typeof IngestErrorSchema>;
