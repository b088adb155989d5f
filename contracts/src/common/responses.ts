import { z } from 'zod';

/** `{"status":"deleted"}` and its siblings. */
export const statusBody = <S extends string>(status: S) => z.object({ status: z.literal(status) });

/** `{"success": true}` */
export const SuccessBodySchema = z.object({ success: z.literal(true) });

/** A JSON object whose shape belongs to an upstream service and is relayed as it came. */
export const PassthroughObjectSchema = z.record(z.string(), z.unknown());
