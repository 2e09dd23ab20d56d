import { ApiTokenEntity } from './api-token.entity';
import { PasswordResetEntity } from './password-reset.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';

export { API_TOKEN_TYPES, ApiTokenEntity, type ApiTokenType } from './api-token.entity';
export { PasswordResetEntity, RefreshTokenEntity, SessionEntity, UserEntity };

export const identityEntities = [UserEntity, SessionEntity, RefreshTokenEntity, PasswordResetEntity, ApiTokenEntity];
