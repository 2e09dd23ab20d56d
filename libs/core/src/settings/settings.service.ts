import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SettingEntity } from './setting.entity';

/** Reads and writes instance-wide settings; values are JSON, so any plain value fits. */
@Injectable()
export class SettingsService {
  constructor(@InjectRepository(SettingEntity) private readonly settings: Repository<SettingEntity>) {}

  async get<T>(name: string): Promise<T | undefined> {
    const row = await this.settings.findOneBy({ name });
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async set(name: string, value: unknown): Promise<void> {
    await this.settings.upsert({ name, value: JSON.stringify(value) }, ['name']);
  }
}
