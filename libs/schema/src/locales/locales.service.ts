import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ExpiringCache, InvalidationBus, isUniqueViolation } from '@cms/core';
import type { DataSource } from 'typeorm';
import { LocaleEntity } from './locale.entity';

export interface Locale {
  readonly code: string;
  readonly name: string;
  readonly isDefault: boolean;
}

/** Announced on the invalidation bus whenever the locales change. */
export const LOCALES_TOPIC = 'schema.locales';
const CACHE_TTL_MS = 60_000;

/**
 * The locales in force: listed, added, renamed, made the default, removed (never the default).
 * Codes are BCP 47 language tags, kept in their canonical form (`fr-ca` is `fr-CA`). Every
 * instance hears of a change at once through the invalidation bus.
 */
@Injectable()
export class LocalesService {
  private readonly cache: ExpiringCache<Locale[]>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bus: InvalidationBus,
  ) {
    this.cache = new ExpiringCache(bus, LOCALES_TOPIC, CACHE_TTL_MS, 1);
  }

  list(): Promise<Locale[]> {
    return this.cache.getOrLoad('all', async () => {
      const rows = await this.dataSource.manager.find(LocaleEntity, { order: { code: 'ASC' } });
      return rows.map(({ code, name, isDefault }) => ({ code, name, isDefault: Boolean(isDefault) }));
    });
  }

  /** The locale a request names (`?locale=`), or the default one; a locale that does not exist is a 400. */
  async resolve(code: string | undefined): Promise<string> {
    const locales = await this.list();
    if (code === undefined) return (locales.find((locale) => locale.isDefault) ?? locales[0])?.code ?? '';
    const found = locales.find((locale) => locale.code === canonical(code));
    if (!found)
      throw DomainError.validation('UNKNOWN_LOCALE', `There is no locale ${code}`, [
        { path: ['locale'], message: `There is no locale ${code}`, name: 'ValidationError' },
      ]);
    return found.code;
  }

  async get(code: string): Promise<Locale> {
    const locale = (await this.list()).find((candidate) => candidate.code === canonical(code));
    if (!locale) throw DomainError.notFound(`No locale ${code}`);
    return locale;
  }

  async create(input: Locale): Promise<Locale> {
    const code = parseCode(input.code);
    try {
      await this.dataSource.transaction(async (manager) => {
        if (input.isDefault) await manager.update(LocaleEntity, { isDefault: true }, { isDefault: false });
        await manager.insert(LocaleEntity, { code, name: input.name, isDefault: input.isDefault });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw DomainError.conflict('LOCALE_EXISTS', `The locale ${code} exists`);
      throw error;
    }
    await this.changed();
    return this.get(code);
  }

  /** Renames a locale, or makes it the default (the default is changed by naming another one). */
  async update(code: string, changes: { readonly name?: string; readonly isDefault?: boolean }): Promise<Locale> {
    const locale = await this.get(code);
    if (changes.isDefault === false && locale.isDefault)
      throw DomainError.validation('DEFAULT_LOCALE', 'Make another locale the default instead', [
        { path: ['isDefault'], message: 'cannot be unset on the default locale', name: 'ValidationError' },
      ]);
    await this.dataSource.transaction(async (manager) => {
      if (changes.isDefault) await manager.update(LocaleEntity, { isDefault: true }, { isDefault: false });
      await manager.update(
        LocaleEntity,
        { code: locale.code },
        {
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.isDefault ? { isDefault: true } : {}),
        },
      );
    });
    await this.changed();
    return this.get(locale.code);
  }

  async remove(code: string): Promise<Locale> {
    const locale = await this.get(code);
    if (locale.isDefault) throw DomainError.conflict('DEFAULT_LOCALE', 'The default locale cannot be deleted');
    await this.dataSource.manager.delete(LocaleEntity, { code: locale.code });
    await this.changed();
    return locale;
  }

  private async changed(): Promise<void> {
    await this.bus.publish(LOCALES_TOPIC, 'all');
  }
}

/** A BCP 47 language tag in its canonical form, or a 400. */
function parseCode(code: string): string {
  const tag = canonical(code);
  if (!tag || tag.length > 35)
    throw DomainError.validation('INVALID_LOCALE', `${code} is not a BCP 47 language tag`, [
      { path: ['code'], message: 'must be a BCP 47 language tag, such as en or fr-CA', name: 'ValidationError' },
    ]);
  return tag;
}

function canonical(code: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(code)[0];
  } catch {
    return undefined;
  }
}
