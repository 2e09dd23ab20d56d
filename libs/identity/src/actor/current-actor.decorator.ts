import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@cms/core';
import { PUBLIC_ACTOR, type Actor } from './actor';

/** The request's Actor, as the authentication guard put it on `request.user`. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor =>
    (context.switchToHttp().getRequest<{ user?: Actor }>().user ?? PUBLIC_ACTOR) as Actor,
);

/** The signed-in user's id: 401 for anyone else (public requests, API tokens). */
export function requireUser(actor: Actor): { userId: number; sessionId: string } {
  if (actor.kind !== 'user') throw DomainError.unauthorized('Sign in as a user to do this');
  return actor;
}
