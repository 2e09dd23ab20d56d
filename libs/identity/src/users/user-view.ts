import type { UserEntity } from '../entities';

/** A user as the API shows it (Strapi's users-permissions shape): never the password hash. */
export interface UserView {
  readonly id: number;
  readonly email: string;
  readonly username: string | null;
  readonly provider: 'local';
  readonly confirmed: true;
  readonly blocked: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    provider: 'local',
    confirmed: true,
    blocked: user.blocked,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
