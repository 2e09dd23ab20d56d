import type { ScalarAttribute } from '../definition/content-type';
import { DEFAULT_STRING_LENGTH, textDefinition, textType } from './text-types';

/**
 * `password`: written as plain text within its lengths, stored only as an argon2id hash (by the
 * command service), never shown in an answer, never filtered or sorted on.
 */
export const passwordType = textType<ScalarAttribute>({
  options: [],
  short: true,
  valueKind: undefined,
  searchable: false,
  shown: false,
  // The hash, not the plain text, is stored: always room for it, whatever maxLength says.
  storage: () => ({ type: 'varchar', length: DEFAULT_STRING_LENGTH }),
  input: (plain) => ({ kind: 'secret', plain }),
  define: (raw, base, report) => ({ ...base, type: 'password', ...textDefinition(raw, report) }),
});
