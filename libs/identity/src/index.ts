export { PUBLIC_ACTOR, userIdOf, type Actor } from './actor/actor';
export { CurrentActor, requireUser } from './actor/current-actor.decorator';
export { QuickActors } from './actor/quick-actor';
export { API_KEY_PREFIX, ApiTokensService, type ApiTokenView, type NewApiToken } from './api-tokens/api-tokens.service';
export { UserViewDto } from './auth/auth.dto';
export { API_TOKEN_TYPES, identityEntities, UserEntity, type ApiTokenType } from './entities';
export { IdentityModule } from './identity.module';
export { toUserView, type UserView } from './users/user-view';
export { UsersService, type NewUser, type UserChanges } from './users/users.service';
