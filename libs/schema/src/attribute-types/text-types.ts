import type { SchemaObject } from '@nestjs/swagger';
import type { ScalarAttribute, UidAttribute } from '../definition/content-type';
import type { AttributeTypeSpec, Json, Report, StoredAs, ValueKind } from './attribute-type';
import { isString, parseBounds, parseDefault, parseRegex, withLengths } from './values';

export const DEFAULT_STRING_LENGTH = 255;
const LONG_TEXT = { mysql: 'longtext', sqlite: 'text' } as const;

type TextAttribute = ScalarAttribute | UidAttribute;

export interface TextTypeOptions<A extends TextAttribute> {
  /** Definition options beyond the lengths. */
  readonly options: readonly string[];
  /** A short text: at most 255 characters unless maxLength says otherwise, in an indexable varchar. */
  readonly short: boolean;
  readonly valueKind: ValueKind | undefined;
  readonly searchable: boolean;
  readonly shown?: boolean;
  /** Its column, when not the one its length implies. */
  readonly storage?: AttributeTypeSpec<A>['storage'];
  /** A check of its own on a written value: the problem, or undefined. */
  readonly check?: (value: string) => string | undefined;
  readonly format?: SchemaObject['format'];
  readonly define: AttributeTypeSpec<A>['define'];
  readonly input?: (checked: string) => ReturnType<AttributeTypeSpec<A>['input']>;
}

/** What the text kinds (string, text, richtext, email, uid, password) share: lengths, pattern, column. */
export function textType<A extends TextAttribute>(options: TextTypeOptions<A>): AttributeTypeSpec<A> {
  return {
    options: ['minLength', 'maxLength', ...options.options],
    indexable: options.short && !options.storage,
    searchable: options.searchable,
    valueKind: options.valueKind,
    shown: options.shown ?? true,
    define: options.define,
    storage:
      options.storage ??
      ((attribute, dialect): StoredAs => (options.short ? varchar(attribute.maxLength) : { type: LONG_TEXT[dialect] })),
    input(attribute, value, report) {
      if (typeof value !== 'string') return void report('must be a string');
      const limit = attribute.maxLength ?? (options.short ? DEFAULT_STRING_LENGTH : undefined);
      if (attribute.minLength !== undefined && value.length < attribute.minLength)
        return void report(`must be at least ${attribute.minLength} characters`);
      if (limit !== undefined && value.length > limit) return void report(`must be at most ${limit} characters`);
      if (attribute.regex !== undefined && !new RegExp(attribute.regex, 'u').test(value))
        return void report('does not match the expected format');
      const problem = options.check?.(value);
      if (problem) return void report(problem);
      return options.input ? options.input(value) : { kind: 'column', value };
    },
    storedDefault: (attribute) => (attribute as { default?: unknown }).default,
    output: (raw) => raw,
    openApi: (attribute) =>
      withLengths(
        {
          type: 'string',
          ...(options.format ? { format: options.format } : {}),
          ...(attribute.regex ? { pattern: attribute.regex } : {}),
        },
        attribute,
      ),
  };
}

/** A text attribute's own options: lengths, and the pattern and default where the kind takes them. */
export function textDefinition(raw: Json, report: Report) {
  const regex = parseRegex(raw.regex, report);
  return {
    ...parseBounds(raw, 'minLength', 'maxLength', true, report),
    ...(regex !== undefined ? { regex } : {}),
    ...parseDefault(raw, isString, 'text', report),
  };
}

/** A varchar as long as the attribute's maxLength allows, at most 255 (longer ones are checked on input). */
export function varchar(maxLength: number | undefined): StoredAs {
  return {
    type: 'varchar',
    length:
      maxLength !== undefined && maxLength <= DEFAULT_STRING_LENGTH ? Math.max(maxLength, 1) : DEFAULT_STRING_LENGTH,
    caseInsensitive: true,
  };
}
