import type { SchemaObject } from '@nestjs/swagger';
import type { InputValue, LinkPosition, Report, TargetRef } from './attribute-type';
import { INT32 } from './number-types';

const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A written relation (or media) value in Strapi v5's shapes: a documentId or id, a list of them,
 * `{connect, disconnect, set}`, or objects carrying `documentId` or `id`. What it names is checked
 * to exist, and to be visible to the caller, by the writer.
 */
export function relationInput(toOne: boolean, value: unknown, report: Report): InputValue | undefined {
  const ids = (list: unknown, path: (string | number)[]): TargetRef[] | undefined => {
    const items = Array.isArray(list) ? list : [list];
    const refs = items.map((item) => {
      if (typeof item !== 'object' || item === null) return item;
      if ('documentId' in item) return (item as { documentId: unknown }).documentId;
      return 'id' in item ? (item as { id: unknown }).id : item;
    });
    const valid = (ref: unknown) =>
      (typeof ref === 'string' && DOCUMENT_ID.test(ref)) ||
      (typeof ref === 'number' && Number.isInteger(ref) && ref > 0 && ref <= INT32);
    if (!refs.every(valid)) {
      report('must name documents by documentId or id', path);
      return undefined;
    }
    return refs as TargetRef[];
  };
  if (toOne) {
    if (value === null) return { kind: 'toOne', documentId: null };
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      ('connect' in value || 'set' in value || 'disconnect' in value)
    ) {
      const { connect, set, disconnect } = value as Record<string, unknown>;
      const chosen = set ?? connect;
      if (chosen === undefined) return disconnect === undefined ? undefined : { kind: 'toOne', documentId: null };
      const list = ids(chosen, [set !== undefined ? 'set' : 'connect']);
      if (!list) return undefined;
      if (list.length > 1) return void report('a to-one relation takes one document');
      return { kind: 'toOne', documentId: list[0] ?? null };
    }
    const list = ids(value, []);
    if (!list) return undefined;
    if (list.length !== 1) return void report('a to-one relation takes one document');
    return { kind: 'toOne', documentId: list[0]! };
  }
  if (Array.isArray(value)) {
    const set = ids(value, []);
    return set && { kind: 'toMany', set, connect: [], disconnect: [] };
  }
  if (typeof value !== 'object' || value === null)
    return void report('must be a list of documentIds, or {connect, disconnect, set}');
  const unknown = Object.keys(value).filter((key) => !['connect', 'disconnect', 'set'].includes(key));
  if (unknown.length > 0) return void report(`takes connect, disconnect or set, not ${unknown.join(', ')}`);
  const { connect, disconnect, set } = value as Record<string, unknown>;
  const setIds = set === undefined ? undefined : ids(set, ['set']);
  const connectIds = connect === undefined ? [] : ids(connect, ['connect']);
  const disconnectIds = disconnect === undefined ? [] : ids(disconnect, ['disconnect']);
  const positions = connect === undefined ? [] : linkPositions(connect, report);
  if ((set !== undefined && !setIds) || !connectIds || !disconnectIds || !positions) return undefined;
  return {
    kind: 'toMany',
    ...(setIds ? { set: setIds } : {}),
    connect: connectIds,
    ...(positions.some(Boolean) ? { positions } : {}),
    disconnect: disconnectIds,
  };
}

/** The `position` of each `connect` entry, checked: `{before|after: documentId}`, `{start|end: true}`. */
function linkPositions(connect: unknown, report: Report): (LinkPosition | undefined)[] | undefined {
  const items = Array.isArray(connect) ? connect : [connect];
  let valid = true;
  const positions = items.map((item, index) => {
    const position = typeof item === 'object' && item !== null ? (item as { position?: unknown }).position : undefined;
    if (position === undefined) return undefined;
    const entries = typeof position === 'object' && position !== null ? Object.entries(position) : [];
    const [key, anchor] = entries.length === 1 ? entries[0]! : [];
    if ((key === 'before' || key === 'after') && typeof anchor === 'string' && DOCUMENT_ID.test(anchor))
      return { [key]: anchor } as LinkPosition;
    if ((key === 'start' || key === 'end') && anchor === true) return { [key]: true } as LinkPosition;
    valid = false;
    report('must be {before: documentId}, {after: documentId}, {start: true} or {end: true}', [
      'connect',
      index,
      'position',
    ]);
    return undefined;
  });
  return valid ? positions : undefined;
}

/** The OpenAPI schema of a written relation: one reference, or a list or `{connect, disconnect, set}`. */
export function relationInputSchema(toMany: boolean, names: 'documentIds (or ids)' | 'file ids'): SchemaObject {
  const one: SchemaObject = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  const ids: SchemaObject = { type: 'array', items: one };
  return toMany
    ? {
        oneOf: [
          ids,
          { type: 'object', properties: { connect: ids, disconnect: ids, set: ids }, additionalProperties: false },
        ],
        description: names,
      }
    : {
        // `nullable` beside a `type`, as OpenAPI 3.0 wants it: null clears the relation.
        oneOf: [{ type: 'string', nullable: true }, { type: 'integer' }],
        description: names === 'file ids' ? 'A file id' : 'The related documentId (or id)',
      };
}
