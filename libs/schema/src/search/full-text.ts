import { columnNameOf } from '../attribute-types/column-of-attribute';
import { attributeType } from '../attribute-types/registry';
import type { Attribute, ContentType } from '../definition/content-type';

/** InnoDB's limit on the columns of one index. */
const MAX_FULL_TEXT_COLUMNS = 16;

/** What `search` looks in: the text attributes anyone may read (private ones never). */
export function searchableAttributes(type: ContentType): Attribute[] {
  return type.attributes.filter((attribute) => !attribute.private && attributeType(attribute).searchable);
}

/**
 * The columns of a type's FULLTEXT index on MySQL and MariaDB, or undefined when it has none (no
 * text attribute, or more than one index may hold). `MATCH` must name exactly these columns.
 */
export function fullTextColumnsOf(type: ContentType): string[] | undefined {
  const columns = searchableAttributes(type).map(columnNameOf);
  return columns.length > 0 && columns.length <= MAX_FULL_TEXT_COLUMNS ? columns : undefined;
}
