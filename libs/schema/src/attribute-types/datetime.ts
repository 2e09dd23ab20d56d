import { instantType } from './datetime-types';

/** `datetime`: an instant (ISO 8601 in, UTC ISO 8601 out). */
export const datetimeType = instantType('datetime');
