import type { ValidationIssue } from '@cms/core';
import { MAX_COMPONENT_DEPTH } from '../attribute-types/component-entries';
import { componentsOf, isComposed, type ContentType } from './content-type';

type Path = readonly (string | number)[];

/**
 * Checks what one definition cannot check alone about components: every component an attribute
 * names exists, and no chain of components nests deeper than MAX_COMPONENT_DEPTH (or in itself).
 */
export function checkComponents(types: readonly ContentType[], pathOf: (type: ContentType) => Path): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const components = new Map(types.filter((type) => type.kind === 'component').map((type) => [type.uid, type]));
  const depths = new Map<string, number>();
  const depthOf = (uid: string, seen: readonly string[]): number => {
    const known = depths.get(uid);
    if (known !== undefined) return known;
    const component = components.get(uid);
    if (!component || seen.includes(uid)) return seen.includes(uid) ? Infinity : 0;
    const children = component.attributes.filter(isComposed).flatMap(componentsOf);
    const depth = 1 + Math.max(0, ...children.map((child) => depthOf(child, [...seen, uid])));
    depths.set(uid, depth);
    return depth;
  };
  for (const type of types) {
    for (const attribute of type.attributes) {
      if (!isComposed(attribute)) continue;
      const path = [...pathOf(type), 'attributes', attribute.name];
      for (const uid of componentsOf(attribute)) {
        const key = attribute.type === 'component' ? 'component' : 'components';
        if (!components.has(uid)) {
          issues.push({ path: [...path, key], message: `no component "${uid}"`, name: 'ValidationError' });
          continue;
        }
        const depth = depthOf(uid, type.kind === 'component' ? [type.uid] : []) + (type.kind === 'component' ? 1 : 0);
        if (depth > MAX_COMPONENT_DEPTH)
          issues.push({
            path: [...path, key],
            message:
              depth === Infinity
                ? `components nest in a loop through ${uid}`
                : `nests components ${depth} deep: at most ${MAX_COMPONENT_DEPTH}`,
            name: 'ValidationError',
          });
      }
    }
  }
  return issues;
}
