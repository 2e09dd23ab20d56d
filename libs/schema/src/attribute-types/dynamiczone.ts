import type { DynamicZoneAttribute } from '../definition/content-type';
import type { AttributeTypeSpec } from './attribute-type';
import { checkEntryCount, COMPONENT_UID, entryUnion, isEntryObject, parseEntryBounds } from './component-entries';

/**
 * `dynamiczone`: an ordered list of entries of the allowed components, each naming its own with
 * `__component` (as Strapi writes and answers it). Filters cannot reach into it, as in Strapi.
 */
export const dynamiczoneType: AttributeTypeSpec<DynamicZoneAttribute> = {
  options: ['components', 'min', 'max'],
  indexable: false,
  searchable: false,
  valueKind: undefined,
  shown: false,
  define(raw, base, report) {
    const components = raw.components;
    const valid =
      Array.isArray(components) &&
      components.length > 0 &&
      components.every((uid) => typeof uid === 'string' && COMPONENT_UID.test(uid)) &&
      new Set(components).size === components.length;
    if (!valid) report('must be a list of distinct component UIDs (category.name)', ['components']);
    return {
      ...base,
      type: 'dynamiczone',
      components: valid ? (components as string[]) : [],
      ...parseEntryBounds(raw, report),
    };
  },
  storage: () => 'none',
  input(attribute, value, report) {
    if (!Array.isArray(value)) return void report('must be a list of entries, each with __component');
    const entries = value.flatMap((entry, index) => {
      if (!isEntryObject(entry)) {
        report('must be an object with __component', [index]);
        return [];
      }
      const { __component: component, ...data } = entry;
      if (typeof component !== 'string' || !attribute.components.includes(component)) {
        report(`must name one of ${attribute.components.join(', ')}`, [index, '__component']);
        return [];
      }
      return [{ component, data }];
    });
    if (entries.length < value.length || !checkEntryCount(entries.length, attribute, report)) return undefined;
    return { kind: 'components', entries };
  },
  storedDefault: () => undefined,
  output: (raw) => raw,
  openApi: (attribute) => ({
    type: 'array',
    items: entryUnion(attribute.components, 'EntryInput'),
    ...(attribute.min !== undefined ? { minItems: attribute.min } : {}),
    ...(attribute.max !== undefined ? { maxItems: attribute.max } : {}),
  }),
};
