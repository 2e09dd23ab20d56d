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
