import type { PasswordHasher } from '@cms/identity';
import type { CheckedInput, CheckedValue } from './validate-input';

/** A checked input with every password attribute's plain text replaced by its argon2id hash. */
export async function hashSecrets(input: CheckedInput, hasher: PasswordHasher): Promise<CheckedInput> {
  const values = new Map<string, CheckedValue>(input.values);
  for (const [name, value] of input.values)
    if (value.kind === 'secret') values.set(name, { kind: 'column', value: await hasher.hash(value.plain) });
  return { values };
}
