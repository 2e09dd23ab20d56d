import { RELATION_KINDS, USER_TARGET, type RelationAttribute, type RelationKind } from '../definition/content-type';
import { ATTRIBUTE_NAME, TYPE_NAME } from '../definition/names';
import { DOCUMENT_ID_LENGTH } from '../planner/table-spec';
import type { AttributeTypeSpec } from './attribute-type';
import { relationInput, relationInputSchema } from './relation-input';

/**
 * `relation`: to another content type's documents. The owning side of a to-one relation holds the
 * target's documentId in a column; of a to-many one, a link table; an inverse side (`mappedBy`)
 * stores nothing. Filters and sorts go through it to the target's fields.
 */
export const relationType: AttributeTypeSpec<RelationAttribute> = {
  options: ['relation', 'target', 'inversedBy', 'mappedBy'],
  indexable: false,
  searchable: false,
  valueKind: undefined,
  shown: false,
  define(raw, base, report) {
    const relation = raw.relation as RelationKind;
    if (!RELATION_KINDS.includes(relation)) report(`must be one of ${RELATION_KINDS.join(', ')}`, ['relation']);
    const target = normalizeTarget(raw.target);
    if (!target)
      report('must be api::<name>.<name>, a singular name, or plugin::users-permissions.user (admin::user)', [
        'target',
      ]);
    if (raw.inversedBy !== undefined && raw.mappedBy !== undefined) report('takes inversedBy or mappedBy, not both');
    for (const key of ['inversedBy', 'mappedBy'] as const) {
      if (raw[key] !== undefined && (typeof raw[key] !== 'string' || !ATTRIBUTE_NAME.test(raw[key] as string)))
        report('must be an attribute name of the target', [key]);
    }
    if (raw.mappedBy !== undefined && relation === 'manyToOne')
      report('a manyToOne relation owns its side', ['mappedBy']);
    if (target === USER_TARGET) {
      if (relation !== 'manyToOne' && relation !== 'oneToOne')
        report('a relation to users is manyToOne or oneToOne here', ['relation']);
      if (raw.inversedBy !== undefined || raw.mappedBy !== undefined)
        report('a relation to users is one-way: the users have no attribute back', [
          raw.inversedBy !== undefined ? 'inversedBy' : 'mappedBy',
        ]);
    }
    return {
      ...base,
      type: 'relation',
      relation,
      target: target ?? '',
      ...(typeof raw.inversedBy === 'string' ? { inversedBy: raw.inversedBy } : {}),
      ...(typeof raw.mappedBy === 'string' ? { mappedBy: raw.mappedBy } : {}),
    };
  },
  storage: (attribute) => {
    if (attribute.target === USER_TARGET) return { type: 'integer' };
    if (attribute.mappedBy !== undefined) return 'none';
    return attribute.relation === 'manyToOne' || attribute.relation === 'oneToOne'
      ? { type: 'varchar', length: DOCUMENT_ID_LENGTH }
      : 'link';
  },
  input: (attribute, value, report) =>
    relationInput(attribute.relation === 'manyToOne' || attribute.relation === 'oneToOne', value, report),
  storedDefault: () => undefined,
  output: (raw) => raw,
  openApi: (attribute) =>
    relationInputSchema(
      attribute.relation === 'oneToMany' || attribute.relation === 'manyToMany',
      'documentIds (or ids)',
    ),
};

/** Strapi's two user types both point at this system's users. */
const USER_UIDS = ['plugin::users-permissions.user', 'admin::user'];

function normalizeTarget(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (USER_UIDS.includes(value)) return USER_TARGET;
  const uid = /^api::([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)$/.exec(value);
  if (uid) return uid[1] === uid[2] ? uid[2] : undefined;
  return TYPE_NAME.test(value) ? value : undefined;
}
