import { DomainError, type ValidationIssue } from '@cms/core';
import { FILE_TYPE, isRelational, isUserRelation, mediaKindOf, type ContentType } from '@cms/schema';
import type { EntityManager } from 'typeorm';
import type { AccessPlan, ReadAccess } from '../access/access-plan';
import { compileFilter, quote, type Dialect } from '../sql/compile-filter';
import type { CheckedInput, CheckedValue, TargetRef } from '../validate/validate-input';
import type { KnownDocuments } from './known-documents';

export interface ResolveContext {
  readonly typeOf: (singularName: string) => ContentType | undefined;
  /** What the caller may see of each target type: a document it may not see is a missing one. */
  readonly plan: AccessPlan;
  readonly known: KnownDocuments;
  readonly dialect: Dialect;
}

/**
 * Turns every related document a write names into a documentId that exists, is of the
 * attribute's target type and is one the caller may see: documentIds are checked (unless this
 * instance knows them already and the caller may see every document of the type), row ids
 * (`cover: 12`) are looked up in the target's table. A media attribute's `allowedTypes` are
 * checked against the files' MIME types. Anything missing, hidden or of the wrong kind is the
 * same 400 naming the attribute.
 */
export async function resolveTargets(
  manager: EntityManager,
  type: ContentType,
  input: CheckedInput,
  context: ResolveContext,
): Promise<CheckedInput<string>> {
  const issues: ValidationIssue[] = [];
  const resolved = await resolveValues(manager, type, input, context, ['data'], issues);
  if (issues.length > 0) throw DomainError.validation('UNKNOWN_RELATION_TARGET', 'Related documents not found', issues);
  return resolved;
}

/** One document's (or component entry's) values, its entries' relations resolved too. */
async function resolveValues(
  manager: EntityManager,
  type: ContentType,
  input: CheckedInput,
  context: ResolveContext,
  at: readonly (string | number)[],
  issues: ValidationIssue[],
): Promise<CheckedInput<string>> {
  const { typeOf } = context;
  const values = new Map<string, CheckedValue<string>>();
  for (const [name, value] of input.values) {
    if (value.kind === 'components') {
      const entries = [];
      for (const [index, entry] of value.entries.entries())
        entries.push({
          ...entry,
          input: await resolveValues(manager, entry.component, entry.input, context, [...at, name, index], issues),
        });
      values.set(name, { kind: 'components', entries });
      continue;
    }
    const attribute = type.attributes.find((candidate) => candidate.name === name);
    if (attribute && isUserRelation(attribute) && value.kind === 'toOne') {
      const user = await userOf(manager, value.documentId, context.dialect);
      if (user === undefined)
        issues.push({ path: [...at, name], message: `no user ${String(value.documentId)}`, name: 'ValidationError' });
      else values.set(name, { kind: 'toOne', documentId: user });
      continue;
    }
    const target = isRelational(attribute) ? typeOf(attribute.target) : undefined;
    if (value.kind === 'column' || value.kind === 'secret' || !attribute || !isRelational(attribute) || !target) {
      values.set(name, value as CheckedValue<string>);
      continue;
    }
    const refs = [...new Set(referencesOf(value))];
    const found = await lookUp(manager, target, refs, context);
    const missing = refs.filter((ref) => !found.has(ref));
    const problem =
      missing.length > 0
        ? `no ${target.singularName} ${missing.join(', ')}`
        : attribute.type === 'media' && attribute.allowedTypes
          ? disallowedFile(found, attribute.allowedTypes)
          : undefined;
    if (problem) {
      issues.push({ path: [...at, name], message: problem, name: 'ValidationError' });
      continue;
    }
    const documentIdOf = (ref: TargetRef) => found.get(ref)!.documentId;
    values.set(
      name,
      value.kind === 'toOne'
        ? { kind: 'toOne', documentId: value.documentId === null ? null : documentIdOf(value.documentId) }
        : {
            kind: 'toMany',
            ...(value.set ? { set: value.set.map(documentIdOf) } : {}),
            connect: value.connect.map(documentIdOf),
            ...(value.positions ? { positions: value.positions } : {}),
            disconnect: value.disconnect.map(documentIdOf),
          },
    );
  }
  return { values };
}

/** A user a relation names, by id: its id as the column stores it, null to clear, undefined when none. */
async function userOf(
  manager: EntityManager,
  ref: TargetRef | null,
  dialect: Dialect,
): Promise<string | null | undefined> {
  if (ref === null) return null;
  const id = typeof ref === 'number' ? ref : /^\d{1,10}$/.test(ref) ? Number(ref) : undefined;
  if (id === undefined) return undefined;
  const [row] = await manager.query(`SELECT id FROM ${quote(dialect, 'cms_users')} WHERE id = ?`, [id]);
  return row ? String(row.id) : undefined;
}

function referencesOf(value: CheckedValue): TargetRef[] {
  if (value.kind === 'toOne') return value.documentId === null ? [] : [value.documentId];
  if (value.kind === 'toMany') return [...(value.set ?? []), ...value.connect, ...value.disconnect];
  return [];
}

interface Found {
  readonly documentId: string;
  readonly mime?: string;
}

async function lookUp(
  manager: EntityManager,
  target: ContentType,
  refs: readonly TargetRef[],
  { plan, known, dialect, typeOf }: ResolveContext,
): Promise<Map<TargetRef, Found>> {
  const q = (identifier: string) => quote(dialect, identifier);
  const found = new Map<TargetRef, Found>();
  const access: ReadAccess | undefined = plan.reach(target);
  if (!access || access.condition === false) return found;
  // Files are looked up for their MIME type; row ids change when a version is replaced; a
  // caller limited to some documents has each one checked.
  const files = target.singularName === FILE_TYPE;
  const trusting = !files && access.condition === undefined;
  for (const ref of refs)
    if (trusting && typeof ref === 'string' && known.typeOf(ref) === target.singularName)
      found.set(ref, { documentId: ref });
  const ids = refs.filter((ref): ref is number => typeof ref === 'number');
  const documentIds = refs.filter((ref): ref is string => typeof ref === 'string' && !found.has(ref));
  if (ids.length === 0 && documentIds.length === 0) return found;
  const mime = files ? `, ${q('r')}.${q('mime')}` : '';
  const conditions = [
    ...(ids.length > 0 ? [`${q('r')}.${q('id')} IN (${ids.map(() => '?').join(', ')})`] : []),
    ...(documentIds.length > 0 ? [`${q('r')}.${q('document_id')} IN (${documentIds.map(() => '?').join(', ')})`] : []),
  ];
  const visible = access.condition
    ? compileFilter(access.condition, target, 'r', { dialect, typeOf, status: 'published' })
    : undefined;
  const rows: { id: number; document_id: string; mime?: string }[] = await manager.query(
    `SELECT ${q('r')}.${q('id')}, ${q('r')}.${q('document_id')}${mime} FROM ${q(target.tableName)} ${q('r')} WHERE (${conditions.join(' OR ')})${visible ? ` AND ${visible.text}` : ''}`,
    [...ids, ...documentIds, ...(visible?.params ?? [])],
  );
  for (const row of rows) {
    const entry = { documentId: row.document_id, ...(row.mime !== undefined ? { mime: row.mime } : {}) };
    found.set(Number(row.id), entry);
    found.set(row.document_id, entry);
    if (trusting) known.remember(row.document_id, target.singularName);
  }
  return new Map([...found].filter(([ref]) => refs.includes(ref)));
}

function disallowedFile(found: ReadonlyMap<TargetRef, Found>, allowed: readonly string[]): string | undefined {
  const refused = [...found].filter(([, file]) => !allowed.includes(mediaKindOf(file.mime ?? '')));
  return refused.length === 0
    ? undefined
    : `takes only ${allowed.join(', ')}: file ${refused.map(([ref]) => ref).join(', ')} is not`;
}
