import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@cms/core';
import { LocalStorage } from './local-storage';
import { STORAGE_DRIVER, type StorageDriver } from './storage-driver';

/** The driver in use: a custom one provided under STORAGE_DRIVER, else the configured one. */
export const ACTIVE_STORAGE = Symbol('ACTIVE_STORAGE');

export const storageProvider: Provider = {
  provide: ACTIVE_STORAGE,
  inject: [APP_CONFIG, { token: STORAGE_DRIVER, optional: true }],
  useFactory: async (config: AppConfig, custom: StorageDriver | undefined): Promise<StorageDriver> => {
    if (custom) return custom;
    const { storage, publicUrl } = config.media;
    if (storage.driver === 'local') return new LocalStorage(storage.directory, publicUrl);
    // The AWS SDK takes a fifth of a second to load: only instances that use it pay for it.
    const { S3Storage } = await import('./s3-storage.js');
    return new S3Storage(storage, publicUrl);
  },
};
