export { MediaModule } from './media.module';
export { MediaTypes } from './types/media-types-on-start';
export { LocalStorage } from './storage/local-storage';
export { STORAGE_DRIVER, type PutOptions, type StorageDriver, type StoredObject } from './storage/storage-driver';
export { fileKeys, type StoredFile } from './storage/file-keys';
export { ACTIVE_STORAGE, storageProvider } from './storage/storage.provider';
