import type { Request, Response } from 'express';
import { answerFormat, contentTypeOf, type AnswerFormat } from '../formats/answer-formats';
import type { Actor } from '@cms/identity';
import type { SchemaRegistry, ContentType } from '@cms/schema';
import type { CachedAnswer } from '../cache/read-cache.service';

/** A read of the Content API as the cache knows it: the type, the action it needs, its format and key. */
export interface ReadRequest {
  readonly type: ContentType;
  readonly action: 'find' | 'findOne';
  readonly format: AnswerFormat;
  readonly key: readonly unknown[];
}

/**
 * Which read `GET /api/:name[/:documentId]` is: a single type's document, a collection's list, or
 * one document of a collection; undefined when no type has that name (a 404). The controller and
 * the cached-read shortcut both resolve reads here, so they store and look up the same keys.
 */
export function readRequest(
  registry: SchemaRegistry,
  name: string,
  documentId: string | undefined,
  request: Pick<Request, 'query' | 'accepts'>,
): ReadRequest | undefined {
  const raw = request.query as Record<string, unknown>;
  const type = (documentId === undefined ? singleTypeNamed(registry, name) : undefined) ?? registry.collection(name);
  if (!type) return undefined;
  const format = answerFormat(raw.format, (types) => request.accepts(types));
  if (type.kind === 'singleType') return { type, action: 'find', format, key: ['single', raw, format] };
  return documentId === undefined
    ? { type, action: 'find', format, key: ['list', raw, format] }
    : { type, action: 'findOne', format, key: ['one', documentId, raw, format] };
}

export function singleTypeNamed(registry: SchemaRegistry, singularName: string): ContentType | undefined {
  const type = registry.get(singularName);
  return type?.kind === 'singleType' ? type : undefined;
}

/**
 * Sends a read's answer. What the public role may read, shared caches may keep for a minute
 * (revalidating with the ETag); anything read with credentials stays private. The ETag is the
 * cached one, so Express does not hash the body again, and answers 304 when it matches. An answer
 * served stale, because the database is unreachable, says so.
 */
export function sendRead(response: Response, actor: Actor, answer: CachedAnswer, format: AnswerFormat): void {
  response.setHeader('Content-Type', contentTypeOf(format));
  response.setHeader('Vary', 'Accept');
  response.setHeader('Cache-Control', actor.kind === 'public' ? 'public, max-age=0, s-maxage=60' : 'private, no-cache');
  response.setHeader('ETag', answer.etag);
  if (answer.stale) {
    // RFC 9211's hit past its freshness, and the older Warning that clients and proxies still read.
    response.setHeader('Cache-Status', 'cms; hit; detail=stale-if-error');
    response.setHeader('Warning', '110 - "Response is Stale"');
  }
  response.send(answer.body);
}
