import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@cms/core';
import { LocalStorage } from './local-storage';
import { S3Storage } from './s3-storage';
import { STORAGE_DRIVER, type StorageDriver } from './storage-driver';

/** The driver in use: a custom one provided under STORAGE_DRIVER, else the configured one. */
export const ACTIVE_STORAGE = Symbol('ACTIVE_STORAGE');

export const storageProvider: Provider = {
  provide: ACTIVE_STORAGE,
  inject: [APP_CONFIG, { token: STORAGE_DRIVER, optional: true }],
  useFactory: (config: AppConfig, custom: StorageDriver | undefined): StorageDriver => {
    if (custom) return custom;
    const { storage, publicUrl } = config.media;
    return storage.driver === 'local'
      ? new LocalStorage(storage.directory, publicUrl)
      : new S3Storage(storage, publicUrl);
  },
};
