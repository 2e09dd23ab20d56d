import type { ApiTokenType } from '../entities';

/** Who is making a request, as authentication found it. Authorization decides what they may do. */
export type Actor =
  | { readonly kind: 'public' }
  | { readonly kind: 'user'; readonly userId: number; readonly sessionId: string }
  | {
      readonly kind: 'api-token';
      readonly tokenId: number;
      readonly tokenType: ApiTokenType;
      /** For `custom` tokens: the stored permission list, interpreted by the access lib. */
      readonly permissions: readonly unknown[];
    };

export const PUBLIC_ACTOR: Actor = Object.freeze({ kind: 'public' });

/** The signed-in user behind a request, for `createdBy` and histories; null for tokens and the public. */
export function userIdOf(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.userId : null;
}
