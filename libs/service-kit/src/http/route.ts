import type { Request, Response } from 'express';
import type { Store } from 'express-rate-limit';
import type { z } from 'zod';
import type { Principal, Role } from '@xinfang/principal';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** `'public'` runs without a principal; `{ roles: [] }` admits any authenticated caller. */
export type RouteAuth = 'public' | { readonly roles: readonly Role[] };

/** Requests per window and client IP; `store` shares the counts between replicas. */
export interface RateLimitSpec {
  windowMs: number;
  limit: number;
  store?: Store;
}

/** An upload read as bytes instead of JSON (`RouteDefinition.rawBody`). */
export interface RawBodySpec {
  /** Largest accepted body, bytes or a size such as `'20mb'`; a larger one is 413. */
  readonly limit: number | string;
  /** Accepted media types (parameters ignored); any other is 400 naming `contentType`. */
  readonly types: readonly string[];
}

/** The bytes of an upload and their declared media type (lowercase, without parameters). */
export interface RawBody {
  readonly bytes: Buffer;
  readonly contentType: string;
}

/** A response without a JSON body (204) or one with a description beyond the status text. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Documented media type for bodies the handler writes itself (exports). */
  contentType?: string;
}

export type ResponseEntry = z.ZodType | ResponseSpec;
export type ResponsesSpec = { readonly [status: number]: ResponseEntry };

type SchemaOf<E> = E extends z.ZodType
  ? E
  : E extends { schema: infer S extends z.ZodType }
    ? S
    : undefined;

type Headers = { headers?: Record<string, string> };
// `Extract<K, number>` (not plain K) keeps `status: 201` literal while `R` is still being
// inferred, so handlers need no `as const`.
type ResultFor<K, E> =
  SchemaOf<E> extends z.ZodType
    ? { status: Extract<K, number>; body: z.input<SchemaOf<E>> } & Headers
    : { status: Extract<K, number>; body?: undefined } & Headers;

/** One of the declared responses, its body typed by that status's schema. */
export type RouteResult<R> = { [K in keyof R]: ResultFor<K, R[K]> }[keyof R];

type Parsed<S, Otherwise> = S extends z.ZodType ? z.output<S> : Otherwise;

export interface RouteInput<A extends RouteAuth, P, Q, B> {
  params: Parsed<P, Record<string, string>>;
  query: Parsed<Q, undefined>;
  body: Parsed<B, undefined>;
  /** The upload, on routes declaring `rawBody`; read only after authentication. */
  rawBody: RawBody | undefined;
  /** The verified caller; absent on public routes. */
  principal: A extends 'public' ? undefined : Principal;
  requestId: string;
  req: Request;
  /** For handlers that stream their own response (exports); they then return nothing. */
  res: Response;
}

export interface RouteDefinition<
  A extends RouteAuth,
  R extends ResponsesSpec,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
> {
  method: HttpMethod;
  /** express syntax: `/cases/:caseId` (documented as `/cases/{caseId}`). */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  auth: A;
  /** Defaults to a string for each `:name` in the path. */
  params?: P;
  query?: Q;
  body?: B;
  /** Takes the body as bytes of the listed types (uploads); excludes `body`. */
  rawBody?: RawBodySpec;
  responses: R;
  /** Overrides the app's default limit for public routes; `false` turns it off. */
  rateLimit?: RateLimitSpec | false;
  handler: (input: RouteInput<A, P, Q, B>) => Promise<RouteResult<R> | void>;
}

/** A route with its types erased, as the app and the document builder consume it. */
export interface Route {
  readonly definition: RouteDefinition<
    RouteAuth,
    ResponsesSpec,
    z.ZodType | undefined,
    z.ZodType | undefined,
    z.ZodType | undefined
  >;
}

/**
 * Declares one operation: the express handler and its OpenAPI entry come from the same schemas,
 * so the document cannot drift from what the service accepts and returns.
 */
export function route<
  A extends RouteAuth,
  R extends ResponsesSpec,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(definition: RouteDefinition<A, R, P, Q, B>): Route {
  return { definition: definition as unknown as Route['definition'] };
}

export function responseSchema(entry: ResponseEntry | undefined): z.ZodType | undefined {
  if (entry === undefined) return undefined;
  return isZodType(entry) ? entry : entry.schema;
}

export function isZodType(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** Names of the `:params` in an express path. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
