import {
  applyDecorators,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrorResponses, DomainError } from '@cms/core';
import { PUBLIC_ACTOR, type Actor } from '@cms/identity';
import { PolicyService } from './policy.service';

const REQUIRED = Symbol('requiredPermission');

interface Required {
  readonly action: string;
  readonly subject: string;
}

@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly policy: PolicyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<Required>(REQUIRED, [context.getHandler(), context.getClass()]);
    if (!required) return true;
    const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user ?? PUBLIC_ACTOR;
    const decision = await this.policy.decide(actor, required.action, required.subject);
    if (decision.allowed) return true;
    if (actor.kind === 'public') throw DomainError.unauthorized('Sign in to do this');
    throw DomainError.forbidden(`Not allowed: ${required.action} on ${required.subject}`);
  }
}

/** The route needs this permission; anonymous callers get 401, others without it 403. */
export function RequirePermission(action: string, subject: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED, { action, subject } satisfies Required),
    UseGuards(PermissionGuard),
    ApiBearerAuth('bearer'),
    ApiErrorResponses({ 401: 'No or invalid credentials', 403: `Needs ${action} on ${subject}` }),
  );
}
