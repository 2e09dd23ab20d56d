import type { ComponentAttribute } from '../definition/content-type';
import type { AttributeTypeSpec } from './attribute-type';
import { checkEntryCount, COMPONENT_UID, componentRef, isEntryObject, parseEntryBounds } from './component-entries';
import { optionalBoolean } from './values';

/**
 * `component`: one entry of a component (`category.name`), or an ordered list when `repeatable`.
 * Entries live in the component's own table, owned by the row that holds them; the content lib
 * checks each entry's fields against the component (that it exists is checked with the types).
 */
export const componentType: AttributeTypeSpec<ComponentAttribute> = {
  options: ['component', 'repeatable', 'min', 'max'],
  indexable: false,
  searchable: false,
  valueKind: undefined,
  shown: false,
  define(raw, base, report) {
    const component = typeof raw.component === 'string' ? raw.component : '';
    if (!COMPONENT_UID.test(component)) report('must be a component UID: category.name', ['component']);
    const repeatable = optionalBoolean(raw.repeatable, 'repeatable', report) ?? false;
    const bounds = parseEntryBounds(raw, report);
    if (!repeatable && (bounds.min !== undefined || bounds.max !== undefined))
      report('applies only to a repeatable component', [bounds.min !== undefined ? 'min' : 'max']);
    return { ...base, type: 'component', component, repeatable, ...bounds };
  },
  storage: () => 'none',
  input(attribute, value, report) {
    if (!attribute.repeatable) {
      if (!isEntryObject(value)) return void report('must be an object of the component’s fields');
      return { kind: 'components', entries: [{ component: attribute.component, data: value }] };
    }
    if (!Array.isArray(value)) return void report('must be a list of entries');
    const entries = value.flatMap((entry, index) => {
      if (isEntryObject(entry)) return [{ component: attribute.component, data: entry }];
      report('must be an object of the component’s fields', [index]);
      return [];
    });
    if (entries.length < value.length || !checkEntryCount(entries.length, attribute, report)) return undefined;
    return { kind: 'components', entries };
  },
  storedDefault: () => undefined,
  output: (raw) => raw,
  openApi: (attribute) =>
    attribute.repeatable
      ? {
          type: 'array',
          items: componentRef(attribute.component, 'Input'),
          ...(attribute.min !== undefined ? { minItems: attribute.min } : {}),
          ...(attribute.max !== undefined ? { maxItems: attribute.max } : {}),
        }
      : componentRef(attribute.component, 'Input'),
};
