import { Settings1763942400000 } from './1763942400000-settings';
import { IdentityAndAccess1763942500000 } from './1763942500000-identity-and-access';
import { ContentRegistry1763942600000 } from './1763942600000-content-registry';
import { Locales1764633600000 } from './1764633600000-locales';
import { Jobs1764720000000 } from './1764720000000-jobs';
import { RoleRateLimits1764806400000 } from './1764806400000-role-rate-limits';

/** Every system-table migration, oldest first. Add each new one here. */
export const migrations = [
  Settings1763942400000,
  IdentityAndAccess1763942500000,
  ContentRegistry1763942600000,
  Locales1764633600000,
  Jobs1764720000000,
  RoleRateLimits1764806400000,
];
