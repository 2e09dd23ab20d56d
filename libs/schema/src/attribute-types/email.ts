import type { ScalarAttribute } from '../definition/content-type';
import { textDefinition, textType } from './text-types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `email`: a short text that must look like an address. */
export const emailType = textType<ScalarAttribute>({
  options: ['default'],
  short: true,
  valueKind: 'string',
  searchable: true,
  check: (value) => (EMAIL.test(value) ? undefined : 'must be an email address'),
  format: 'email',
  define: (raw, base, report) => ({ ...base, type: 'email', ...textDefinition(raw, report) }),
});
