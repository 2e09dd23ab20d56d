import { instantType } from './datetime-types';

/** `timestamp`: Strapi's other name for an instant; the same as `datetime`. */
export const timestampType = instantType('timestamp');
