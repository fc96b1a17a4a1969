/**
 * AWS Lambda entry point: `dist/lambda.handler`. Works behind API Gateway REST APIs (payload 1.0),
 * HTTP APIs (payload 2.0) and Lambda Function URLs. Multipart bodies arrive base64-encoded
 * (REST APIs need `multipart/form-data` — or `*\/*` — among their binary media types).
 * Configuration comes from the environment, as for the HTTP server.
 */
import awsLambdaFastify from '@fastify/aws-lambda';
import { createApp } from './app.js';
import { loadConfig } from './config.js';

/** The shape of the events this handler reads (API Gateway v1/v2, Function URL). */
export interface LambdaHttpEvent {
  version?: string;
  httpMethod?: string;
  path?: string;
  rawPath?: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  requestContext?: {
    stage?: string;
    http?: { method?: string; path?: string; sourceIp?: string };
    [key: string]: unknown;
  } & Record<string, unknown>;
  body?: string | null;
  isBase64Encoded?: boolean;
  [key: string]: unknown;
}

export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
}

const config = loadConfig();
// One request per Lambda instance: parse inline, no worker threads to start.
export const app = createApp({ ...config, parseThreads: 0 });

const proxy = awsLambdaFastify(app, {
  // Response bodies of these types are base64-encoded (ours are JSON, so this is for symmetry with
  // the API Gateway binary media types setting that makes multipart request bodies arrive as base64).
  binaryMimeTypes: ['multipart/form-data', 'application/octet-stream', 'application/msword'],
  // Do not hold the invocation open for idle keep-alive timers and the like.
  callbackWaitsForEmptyEventLoop: false,
});

// Cold start: load plugins and routes once, outside the first invocation's time.
await app.ready();

/**
 * HTTP API (v2) stages other than `$default` put the stage name in front of rawPath
 * (`/prod/doc-parser`); the REST API (v1) adapter already strips it. Strip it here too so the same
 * routes answer behind either.
 */
function withoutStagePrefix(event: LambdaHttpEvent): LambdaHttpEvent {
  const stage = event.requestContext?.stage;
  if (event.version !== '2.0' || !stage || stage === '$default' || event.path !== undefined) return event;
  const rawPath = event.rawPath ?? '';
  const prefix = `/${stage}`;
  if (rawPath === prefix || rawPath.startsWith(`${prefix}/`)) {
    return { ...event, rawPath: rawPath.slice(prefix.length) || '/' };
  }
  return event;
}

export async function handler(event: LambdaHttpEvent, context: unknown): Promise<LambdaHttpResult> {
  return (await proxy(withoutStagePrefix(event) as never, context as never)) as unknown as LambdaHttpResult;
}
