import { z } from 'zod';

/** The JSON form of a value (Dates as ISO strings), typed as the response schema's input. */
export function json<S extends z.ZodType>(_schema: S, value: unknown): z.input<S> {
  return JSON.parse(JSON.stringify(value)) as z.input<S>;
}
