import { Settings1763942400000 } from './1763942400000-settings';

/** Every system-table migration, oldest first. Add each new one here. */
export const migrations = [Settings1763942400000];
