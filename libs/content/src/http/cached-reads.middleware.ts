import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ROUTE_TEMPLATE } from '@cms/core';
import { RequestLimits } from '@cms/access';
import { QuickActors } from '@cms/identity';
import { SchemaRegistry } from '@cms/schema';
import { AccessPlanner } from '../access/access-planner.service';
import { DocumentService } from '../documents/document.service';
import { readRequest, sendRead } from './read-answer';

const CONTENT_READ = /^\/api\/([^/?]+)(?:\/([^/?]+))?\/?(?:\?|$)/;

/**
 * Answers a Content API read from the read cache before routing, when it can: the caller is the
 * public or an API key, may read the type, and the very same read is cached for what it may see.
 * Anything else (a miss, a JWT, a refusal, a bad name) goes on to the controller unchanged, which
 * decides it and fills the cache. Security headers, CORS and the request id are set before this
 * runs; what it skips is the per-route pipeline (guards, passport, interceptors, pipes), which for
 * a cached answer costs more than the answer.
 */
@Injectable()
export class CachedReads implements NestMiddleware {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly planner: AccessPlanner,
    private readonly documents: DocumentService,
    private readonly actors: QuickActors,
    private readonly limits: RequestLimits,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    this.answer(request, response).then(
      (answered) => answered || next(),
      () => next(),
    );
  }

  private async answer(request: Request, response: Response): Promise<boolean> {
    if (request.method !== 'GET') return false;
    const match = CONTENT_READ.exec(request.originalUrl);
    if (!match) return false;
    const read = readRequest(
      this.registry,
      decodeURIComponent(match[1]!),
      match[2] === undefined ? undefined : decodeURIComponent(match[2]),
      request,
    );
    if (!read) return false;
    const actor = await this.actors.of(request.headers.authorization);
    if (!actor) return false;
    // A cached answer spends the budget too; one over it goes on to be refused by the guard.
    await this.limits.admit(actor, request, response);
    const plan = await this.planner.plan(actor, read.action, read.type);
    const answer = this.documents.peekCached(plan, read.key);
    if (!answer) return false;
    // The template the controller's route has: the metrics count the answer under it.
    response.locals[ROUTE_TEMPLATE] = match[2] === undefined ? '/api/:pluralName' : '/api/:pluralName/:documentId';
    sendRead(response, actor, answer, read.format);
    return true;
  }
}
