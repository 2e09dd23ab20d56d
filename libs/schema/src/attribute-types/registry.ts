import type { Attribute, AttributeType } from '../definition/content-type';
import type { AttributeOf, AttributeTypeSpec } from './attribute-type';
import { bigintegerType } from './biginteger';
import { blocksType } from './blocks';
import { booleanType } from './boolean';
import { componentType } from './component';
import { dateType } from './date';
import { datetimeType } from './datetime';
import { decimalType } from './decimal';
import { dynamiczoneType } from './dynamiczone';
import { emailType } from './email';
import { enumerationType } from './enumeration';
import { floatType } from './float';
import { integerType } from './integer';
import { jsonType } from './json';
import { mediaType } from './media';
import { passwordType } from './password';
import { relationType } from './relation';
import { richtextType } from './richtext';
import { stringType } from './string';
import { textAttributeType } from './text';
import { timeType } from './time';
import { timestampType } from './timestamp';
import { uidType } from './uid';

/**
 * Every attribute type, by its name in a definition: the one home of what a type means. A type
 * listed in ATTRIBUTE_TYPES without a module here, or a module without a part, does not compile.
 */
export const ATTRIBUTE_TYPE_SPECS: { readonly [T in AttributeType]: AttributeTypeSpec<AttributeOf<T>> } = {
  string: stringType,
  text: textAttributeType,
  richtext: richtextType,
  blocks: blocksType,
  email: emailType,
  password: passwordType,
  uid: uidType,
  integer: integerType,
  biginteger: bigintegerType,
  float: floatType,
  decimal: decimalType,
  boolean: booleanType,
  date: dateType,
  time: timeType,
  datetime: datetimeType,
  timestamp: timestampType,
  enumeration: enumerationType,
  json: jsonType,
  media: mediaType,
  relation: relationType,
  component: componentType,
  dynamiczone: dynamiczoneType,
};

/** The module of an attribute's type. */
export function attributeType(attribute: Attribute): AttributeTypeSpec<Attribute> {
  return ATTRIBUTE_TYPE_SPECS[attribute.type] as AttributeTypeSpec<Attribute>;
}
