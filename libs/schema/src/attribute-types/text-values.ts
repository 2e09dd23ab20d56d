import { isComposed, isRelational, isToMany, type Attribute } from '../definition/content-type';
import { attributeType } from './registry';

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * A value written as text (a CSV cell) as a write would send it in JSON, by what the attribute
 * is: an empty cell is null, numbers and booleans are read, JSON, blocks and component entries are
 * JSON text, to-many relations are comma-separated documentIds. The `'` that a CSV export puts
 * before what a spreadsheet would run as a formula is taken off. What does not read is left as
 * text, for the attribute's module to refuse with its own message.
 */
export function valueFromText(attribute: Attribute, text: string): unknown {
  if (text === '') return null;
  if (isComposed(attribute) || attribute.type === 'json' || attribute.type === 'blocks') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (isRelational(attribute))
    return isToMany(attribute)
      ? text
          .split(',')
          .map((ref) => ref.trim())
          .filter(Boolean)
      : text;
  const unguarded = /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
  switch (attributeType(attribute).valueKind) {
    case 'number':
      return attribute.type !== 'biginteger' && NUMBER.test(unguarded) ? Number(unguarded) : unguarded;
    case 'boolean':
      return unguarded === 'true' || unguarded === '1'
        ? true
        : unguarded === 'false' || unguarded === '0'
          ? false
          : text;
    default:
      return unguarded;
  }
}
