import type { NextFunction, Request, Response } from 'express';
import { currentQueryTiming, withQueryTiming } from '../database/query-timing';

/** Set on a request (by the access lib, for admins) to show its timing in production too. */
export const SHOW_SERVER_TIMING = Symbol('showServerTiming');

/**
 * Counts each request's SQL statements and database time, and shows them in a `Server-Timing`
 * header (`db;dur=3.2, statements;desc="3"`): always outside production, and in production to
 * those the access lib marks (admins).
 */
export function serverTiming(production: boolean) {
  return (request: Request, response: Response, next: NextFunction): void => {
    // In production only admins see it, and admins sign in (a JWT): the public and API keys are
    // not timed at all, which spares their requests the bookkeeping.
    if (production && !signedIn(request.headers.authorization)) return next();
    withQueryTiming(() => {
      const timing = currentQueryTiming()!;
      const writeHead = response.writeHead;
      response.writeHead = function (this: Response, ...args: unknown[]) {
        if (!production || (request as unknown as Record<symbol, unknown>)[SHOW_SERVER_TIMING] === true) {
          this.setHeader(
            'Server-Timing',
            `db;dur=${timing.databaseMs.toFixed(1)}, statements;desc="${timing.statements}"`,
          );
        }
        return writeHead.apply(this, args as Parameters<typeof writeHead>);
      } as typeof response.writeHead;
      next();
    });
  };
}

/** A JWT: three dot-separated parts (API keys have none). */
const JWT_BEARER = /^Bearer [\w-]+\.[\w-]+\.[\w-]*$/i;

function signedIn(authorization: string | undefined): boolean {
  return authorization !== undefined && JWT_BEARER.test(authorization);
}
