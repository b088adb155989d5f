import { z } from 'zod';

/** §2 WebSocket frames — to be written: ClientFrameSchema, ServerFrameSchema. */
export const ClientFrameSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('ping') })]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
export const ServerFrameSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('pong') })]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
