import { z } from 'zod';
import { c, meta } from './common/contract';
import { ErrorBodySchema } from './common/errors';

/** §16 健康检查 */

export const HealthSchema = z.object({
  status: z.literal('ok'),
  service: z.literal('cyrene-gateway'),
  ws_connections: z.number().int().nonnegative().describe('Open WebSocket connections on this instance'),
});
export type Health = z.infer<typeof HealthSchema>;

export const ReadinessSchema = z.object({
  status: z.literal('ready'),
  database: z.enum(['pglite', 'postgres']),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

export const healthContract = c.router({
  getHealth: {
    method: 'GET',
    path: '/health',
    summary: '健康检查',
    responses: { 200: HealthSchema },
    metadata: meta({ auth: 'public' }),
  },
  getReadiness: {
    method: 'GET',
    path: '/health/ready',
    summary: 'Readiness',
    description:
      '200 when the database and the file storage (DATA_DIR/blobs or the S3 bucket) answer, 503 when either does not.',
    responses: { 200: ReadinessSchema, 503: ErrorBodySchema },
    metadata: meta({ auth: 'public' }),
  },
});
